/// What to create a container from: the body of `POST /containers/create`.
package struct ContainerSpec: Sendable, Hashable, Encodable {
    /// The image reference or ID.
    package var image: String
    /// The command; `nil` = the image's `CMD`.
    package var cmd: [String]?
    /// The entrypoint; `nil` = the image's `ENTRYPOINT`, `[""]` clears it.
    package var entrypoint: [String]?
    /// Environment variables as `KEY=VALUE`.
    package var env: [String]
    /// Labels on the container.
    package var labels: [String: String]
    /// The user (`name`, `uid` or `uid:gid`); `nil` = the image's `USER`.
    package var user: String?
    /// The working directory; `nil` = the image's `WORKDIR`.
    package var workingDir: String?
    /// The container's host name.
    package var hostname: String?
    /// Allocate a pseudo-terminal (logs are then one raw stream).
    package var tty: Bool
    /// Keep standard input open.
    package var openStdin: Bool
    /// Ports the container exposes, such as `22/tcp`.
    package var exposedPorts: Set<String>
    /// The signal that stops the container; `nil` = the image's `STOPSIGNAL` or SIGTERM.
    package var stopSignal: String?
    /// Resources, mounts, devices and privileges.
    package var hostConfig: HostConfig

    /// Creates a spec; everything but the image defaults to the image's or the engine's defaults.
    package init(
        image: String, cmd: [String]? = nil, entrypoint: [String]? = nil, env: [String] = [],
        labels: [String: String] = [:], user: String? = nil, workingDir: String? = nil, hostname: String? = nil,
        tty: Bool = false, openStdin: Bool = false, exposedPorts: Set<String> = [], stopSignal: String? = nil,
        hostConfig: HostConfig = HostConfig()
    ) {
        self.image = image
        self.cmd = cmd
        self.entrypoint = entrypoint
        self.env = env
        self.labels = labels
        self.user = user
        self.workingDir = workingDir
        self.hostname = hostname
        self.tty = tty
        self.openStdin = openStdin
        self.exposedPorts = exposedPorts
        self.stopSignal = stopSignal
        self.hostConfig = hostConfig
    }

    enum CodingKeys: String, CodingKey {
        case image = "Image"
        case cmd = "Cmd"
        case entrypoint = "Entrypoint"
        case env = "Env"
        case labels = "Labels"
        case user = "User"
        case workingDir = "WorkingDir"
        case hostname = "Hostname"
        case tty = "Tty"
        case openStdin = "OpenStdin"
        case exposedPorts = "ExposedPorts"
        case stopSignal = "StopSignal"
        case hostConfig = "HostConfig"
    }

    /// The engine's form: `ExposedPorts` is `{"22/tcp": {}}`, unset optionals are left out.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(image, forKey: .image)
        try container.encodeIfPresent(cmd, forKey: .cmd)
        try container.encodeIfPresent(entrypoint, forKey: .entrypoint)
        if !env.isEmpty { try container.encode(env, forKey: .env) }
        if !labels.isEmpty { try container.encode(labels, forKey: .labels) }
        try container.encodeIfPresent(user, forKey: .user)
        try container.encodeIfPresent(workingDir, forKey: .workingDir)
        try container.encodeIfPresent(hostname, forKey: .hostname)
        try container.encode(tty, forKey: .tty)
        try container.encode(openStdin, forKey: .openStdin)
        if !exposedPorts.isEmpty {
            try container.encode(
                Dictionary(uniqueKeysWithValues: exposedPorts.map { ($0, EmptyObject()) }), forKey: .exposedPorts)
        }
        try container.encodeIfPresent(stopSignal, forKey: .stopSignal)
        try container.encode(hostConfig, forKey: .hostConfig)
    }
}

/// `{}` in the engine's JSON.
struct EmptyObject: Codable, Hashable, Sendable {}
