/// Resources, mounts, devices and privileges of a container: the engine's `HostConfig`.
///
/// Used both to create containers (`ContainerSpec.hostConfig`) and as read back by `inspect`.
/// Zero means "no limit" for `nanoCPUs`, `memory` and `memorySwap`, as it does for the engine.
package struct HostConfig: Sendable, Hashable, Codable {
    /// CPU quota in billionths of a CPU (`1.5` cpus = `1_500_000_000`); `0` = unlimited.
    package var nanoCPUs: Int64
    /// Memory limit in bytes; `0` = unlimited.
    package var memory: Int64
    /// Memory plus swap in bytes; `0` = twice `memory`, `-1` = unlimited swap.
    package var memorySwap: Int64
    /// Maximum number of processes; `nil`, `0` or `-1` = unlimited.
    package var pidsLimit: Int64?
    /// Bind mounts in the `SOURCE:TARGET[:OPTIONS]` form.
    package var binds: [String]
    /// Mounts in the structured form.
    package var mounts: [Mount]
    /// Run an init process (tini) as PID 1; `nil` = the engine's default.
    package var initProcess: Bool?
    /// Give the container all capabilities and devices.
    package var privileged: Bool
    /// Extra kernel capabilities, such as `SYS_PTRACE`.
    package var capAdd: [String]
    /// Kernel capabilities taken away, such as `NET_RAW`.
    package var capDrop: [String]
    /// Security options, such as `seccomp=unconfined`.
    package var securityOpt: [String]
    /// Extra `/etc/hosts` entries, `HOST:IP` each.
    package var extraHosts: [String]
    /// The size of `/dev/shm` in bytes; `nil` = the engine's default (64 MiB).
    package var shmSize: Int64?
    /// Resource limits of the container's processes (`nofile`, `memlock`…).
    package var ulimits: [Ulimit]
    /// DNS servers for the container's resolver, instead of the host's.
    package var dns: [String]
    /// Published ports: `"22/tcp"` → host addresses.
    package var portBindings: [String: [PortBinding]]
    /// Device requests, such as GPUs.
    package var deviceRequests: [DeviceRequest]
    /// What the engine does when the container exits.
    package var restartPolicy: RestartPolicy?
    /// `bridge` (the default), `host`, `none` or a network name; `nil` = the engine's default.
    package var networkMode: String?
    /// Remove the container when it exits.
    package var autoRemove: Bool

    /// Creates a host configuration; every part defaults to the engine's default.
    package init(
        nanoCPUs: Int64 = 0, memory: Int64 = 0, memorySwap: Int64 = 0, pidsLimit: Int64? = nil,
        binds: [String] = [], mounts: [Mount] = [], initProcess: Bool? = nil, privileged: Bool = false,
        capAdd: [String] = [], securityOpt: [String] = [], portBindings: [String: [PortBinding]] = [:],
        deviceRequests: [DeviceRequest] = [], restartPolicy: RestartPolicy? = nil, networkMode: String? = nil,
        autoRemove: Bool = false, capDrop: [String] = [], extraHosts: [String] = [], shmSize: Int64? = nil,
        ulimits: [Ulimit] = [], dns: [String] = []
    ) {
        self.nanoCPUs = nanoCPUs
        self.memory = memory
        self.memorySwap = memorySwap
        self.pidsLimit = pidsLimit
        self.binds = binds
        self.mounts = mounts
        self.initProcess = initProcess
        self.privileged = privileged
        self.capAdd = capAdd
        self.securityOpt = securityOpt
        self.portBindings = portBindings
        self.deviceRequests = deviceRequests
        self.restartPolicy = restartPolicy
        self.networkMode = networkMode
        self.autoRemove = autoRemove
        self.capDrop = capDrop
        self.extraHosts = extraHosts
        self.shmSize = shmSize
        self.ulimits = ulimits
        self.dns = dns
    }

    enum CodingKeys: String, CodingKey {
        case nanoCPUs = "NanoCpus"
        case memory = "Memory"
        case memorySwap = "MemorySwap"
        case pidsLimit = "PidsLimit"
        case binds = "Binds"
        case mounts = "Mounts"
        case initProcess = "Init"
        case privileged = "Privileged"
        case capAdd = "CapAdd"
        case securityOpt = "SecurityOpt"
        case portBindings = "PortBindings"
        case deviceRequests = "DeviceRequests"
        case restartPolicy = "RestartPolicy"
        case networkMode = "NetworkMode"
        case autoRemove = "AutoRemove"
        case capDrop = "CapDrop"
        case extraHosts = "ExtraHosts"
        case shmSize = "ShmSize"
        case ulimits = "Ulimits"
        case dns = "Dns"
    }

    /// Reads the engine's form, where absent lists are `null`.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        nanoCPUs = try container.decodeIfPresent(Int64.self, forKey: .nanoCPUs) ?? 0
        memory = try container.decodeIfPresent(Int64.self, forKey: .memory) ?? 0
        memorySwap = try container.decodeIfPresent(Int64.self, forKey: .memorySwap) ?? 0
        pidsLimit = try container.decodeIfPresent(Int64.self, forKey: .pidsLimit)
        binds = try container.decodeIfPresent([String].self, forKey: .binds) ?? []
        mounts = try container.decodeIfPresent([Mount].self, forKey: .mounts) ?? []
        initProcess = try container.decodeIfPresent(Bool.self, forKey: .initProcess)
        privileged = try container.decodeIfPresent(Bool.self, forKey: .privileged) ?? false
        capAdd = try container.decodeIfPresent([String].self, forKey: .capAdd) ?? []
        securityOpt = try container.decodeIfPresent([String].self, forKey: .securityOpt) ?? []
        portBindings =
            try container.decodeIfPresent([String: [PortBinding]?].self, forKey: .portBindings)?
            .mapValues { $0 ?? [] } ?? [:]
        deviceRequests = try container.decodeIfPresent([DeviceRequest].self, forKey: .deviceRequests) ?? []
        restartPolicy = try container.decodeIfPresent(RestartPolicy.self, forKey: .restartPolicy)
        networkMode = try container.decodeIfPresent(String.self, forKey: .networkMode)
        autoRemove = try container.decodeIfPresent(Bool.self, forKey: .autoRemove) ?? false
        capDrop = try container.decodeIfPresent([String].self, forKey: .capDrop) ?? []
        extraHosts = try container.decodeIfPresent([String].self, forKey: .extraHosts) ?? []
        // The engine reports 0 for its default size.
        shmSize = try container.decodeIfPresent(Int64.self, forKey: .shmSize).flatMap { $0 > 0 ? $0 : nil }
        ulimits = try container.decodeIfPresent([Ulimit].self, forKey: .ulimits) ?? []
        dns = try container.decodeIfPresent([String].self, forKey: .dns) ?? []
    }

    /// Writes the engine's form, leaving out what is unset so the engine applies its defaults.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(nanoCPUs, forKey: .nanoCPUs)
        try container.encode(memory, forKey: .memory)
        try container.encode(memorySwap, forKey: .memorySwap)
        try container.encodeIfPresent(pidsLimit, forKey: .pidsLimit)
        if !binds.isEmpty { try container.encode(binds, forKey: .binds) }
        if !mounts.isEmpty { try container.encode(mounts, forKey: .mounts) }
        try container.encodeIfPresent(initProcess, forKey: .initProcess)
        try container.encode(privileged, forKey: .privileged)
        if !capAdd.isEmpty { try container.encode(capAdd, forKey: .capAdd) }
        if !securityOpt.isEmpty { try container.encode(securityOpt, forKey: .securityOpt) }
        if !portBindings.isEmpty { try container.encode(portBindings, forKey: .portBindings) }
        if !deviceRequests.isEmpty { try container.encode(deviceRequests, forKey: .deviceRequests) }
        try container.encodeIfPresent(restartPolicy, forKey: .restartPolicy)
        try container.encodeIfPresent(networkMode, forKey: .networkMode)
        if autoRemove { try container.encode(autoRemove, forKey: .autoRemove) }
        if !capDrop.isEmpty { try container.encode(capDrop, forKey: .capDrop) }
        if !extraHosts.isEmpty { try container.encode(extraHosts, forKey: .extraHosts) }
        try container.encodeIfPresent(shmSize, forKey: .shmSize)
        if !ulimits.isEmpty { try container.encode(ulimits, forKey: .ulimits) }
        if !dns.isEmpty { try container.encode(dns, forKey: .dns) }
    }

    /// A resource limit of the container's processes (`docker run --ulimit NAME=SOFT:HARD`).
    package struct Ulimit: Sendable, Hashable, Codable {
        /// `nofile`, `nproc`, `memlock`…
        package var name: String
        package var soft: Int64
        package var hard: Int64

        package init(name: String, soft: Int64, hard: Int64) {
            self.name = name
            self.soft = soft
            self.hard = hard
        }

        enum CodingKeys: String, CodingKey {
            case name = "Name"
            case soft = "Soft"
            case hard = "Hard"
        }
    }
}

/// A mount in the engine's structured form.
package struct Mount: Sendable, Hashable, Codable {
    /// What `source` names.
    package enum Kind: String, Sendable, Hashable, Codable {
        /// A host path.
        case bind
        /// A named volume (created on first use).
        case volume
        /// A tmpfs (no source).
        case tmpfs
    }

    /// Bind, volume or tmpfs.
    package var type: Kind
    /// The host path or volume name.
    package var source: String
    /// The path inside the container.
    package var target: String
    /// Mount read-only.
    package var readOnly: Bool

    /// Creates a mount.
    package init(type: Kind, source: String, target: String, readOnly: Bool = false) {
        self.type = type
        self.source = source
        self.target = target
        self.readOnly = readOnly
    }

    enum CodingKeys: String, CodingKey {
        case type = "Type"
        case source = "Source"
        case target = "Target"
        case readOnly = "ReadOnly"
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decode(Kind.self, forKey: .type)
        source = try container.decodeIfPresent(String.self, forKey: .source) ?? ""
        target = try container.decode(String.self, forKey: .target)
        readOnly = try container.decodeIfPresent(Bool.self, forKey: .readOnly) ?? false
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        if !source.isEmpty { try container.encode(source, forKey: .source) }
        try container.encode(target, forKey: .target)
        if readOnly { try container.encode(readOnly, forKey: .readOnly) }
    }
}

/// A host address a container port is published on.
package struct PortBinding: Sendable, Hashable, Codable {
    /// The host interface, such as `127.0.0.1`; empty = all interfaces.
    package var hostIP: String
    /// The host port; empty = one the engine picks.
    package var hostPort: String

    /// Creates a binding; `hostPort` empty lets the engine choose.
    package init(hostIP: String = "", hostPort: String = "") {
        self.hostIP = hostIP
        self.hostPort = hostPort
    }

    enum CodingKeys: String, CodingKey {
        case hostIP = "HostIp"
        case hostPort = "HostPort"
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        hostIP = try container.decodeIfPresent(String.self, forKey: .hostIP) ?? ""
        hostPort = try container.decodeIfPresent(String.self, forKey: .hostPort) ?? ""
    }
}

/// A request for devices such as GPUs (`--gpus`).
package struct DeviceRequest: Sendable, Hashable, Codable {
    /// The device driver, such as `nvidia`; empty = any driver with the capabilities.
    package var driver: String
    /// How many devices; `-1` = all.
    package var count: Int
    /// Specific device IDs, instead of a count.
    package var deviceIDs: [String]
    /// Alternatives of capability sets; `[["gpu"]]` asks for GPUs.
    package var capabilities: [[String]]
    /// Driver-specific options.
    package var options: [String: String]

    /// Creates a device request.
    package init(
        driver: String = "", count: Int = 0, deviceIDs: [String] = [], capabilities: [[String]] = [],
        options: [String: String] = [:]
    ) {
        self.driver = driver
        self.count = count
        self.deviceIDs = deviceIDs
        self.capabilities = capabilities
        self.options = options
    }

    /// `count` GPUs (`-1` = all), as `docker run --gpus` asks for them.
    package static func gpus(count: Int = -1) -> DeviceRequest {
        DeviceRequest(count: count, capabilities: [["gpu"]])
    }

    enum CodingKeys: String, CodingKey {
        case driver = "Driver"
        case count = "Count"
        case deviceIDs = "DeviceIDs"
        case capabilities = "Capabilities"
        case options = "Options"
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        driver = try container.decodeIfPresent(String.self, forKey: .driver) ?? ""
        count = try container.decodeIfPresent(Int.self, forKey: .count) ?? 0
        deviceIDs = try container.decodeIfPresent([String].self, forKey: .deviceIDs) ?? []
        capabilities = try container.decodeIfPresent([[String]].self, forKey: .capabilities) ?? []
        options = try container.decodeIfPresent([String: String].self, forKey: .options) ?? [:]
    }
}

/// What the engine does when a container exits.
package struct RestartPolicy: Sendable, Hashable, Codable {
    /// `no` (or empty), `always`, `unless-stopped` or `on-failure`.
    package var name: String
    /// Retries for `on-failure`.
    package var maximumRetryCount: Int

    /// Creates a policy.
    package init(name: String, maximumRetryCount: Int = 0) {
        self.name = name
        self.maximumRetryCount = maximumRetryCount
    }

    /// Restart unless stopped by hand.
    package static let unlessStopped = RestartPolicy(name: "unless-stopped")
    /// Never restarted by the engine.
    package static let never = RestartPolicy(name: "no")

    enum CodingKeys: String, CodingKey {
        case name = "Name"
        case maximumRetryCount = "MaximumRetryCount"
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
        maximumRetryCount = try container.decodeIfPresent(Int.self, forKey: .maximumRetryCount) ?? 0
    }
}
