package import Foundation

/// A container as `GET /containers/{id}/json` describes it.
package struct ContainerDetails: Sendable, Hashable, Decodable {
    /// The container's run state.
    package struct State: Sendable, Hashable, Decodable {
        /// `created`, `running`, `paused`, `restarting`, `removing`, `exited` or `dead`.
        package var status: String
        /// Whether its process runs (also while paused).
        package var running: Bool
        /// Whether it is paused.
        package var paused: Bool
        /// Whether it was killed for running out of memory.
        package var oomKilled: Bool
        /// The main process's PID on the host, `0` when not running.
        package var pid: Int
        /// The last exit code.
        package var exitCode: Int
        /// Why the last start failed, if it did.
        package var error: String
        /// When it last started; `nil` if never.
        package var startedAt: Date?
        /// When it last stopped; `nil` if never.
        package var finishedAt: Date?

        enum CodingKeys: String, CodingKey {
            case status = "Status"
            case running = "Running"
            case paused = "Paused"
            case oomKilled = "OOMKilled"
            case pid = "Pid"
            case exitCode = "ExitCode"
            case error = "Error"
            case startedAt = "StartedAt"
            case finishedAt = "FinishedAt"
        }

        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            status = try container.decodeIfPresent(String.self, forKey: .status) ?? ""
            running = try container.decodeIfPresent(Bool.self, forKey: .running) ?? false
            paused = try container.decodeIfPresent(Bool.self, forKey: .paused) ?? false
            oomKilled = try container.decodeIfPresent(Bool.self, forKey: .oomKilled) ?? false
            pid = try container.decodeIfPresent(Int.self, forKey: .pid) ?? 0
            exitCode = try container.decodeIfPresent(Int.self, forKey: .exitCode) ?? 0
            error = try container.decodeIfPresent(String.self, forKey: .error) ?? ""
            startedAt = (try container.decodeIfPresent(String.self, forKey: .startedAt)).flatMap(EngineDate.parse)
            finishedAt = (try container.decodeIfPresent(String.self, forKey: .finishedAt)).flatMap(EngineDate.parse)
        }
    }

    /// The container's configuration (image defaults merged with what it was created with).
    package struct Config: Sendable, Hashable, Decodable {
        /// The image as given at creation.
        package var image: String
        /// Environment variables as `KEY=VALUE`, the image's included.
        package var env: [String]
        /// Labels, the image's included.
        package var labels: [String: String]
        /// The user; empty = root.
        package var user: String
        /// The working directory; empty = `/`.
        package var workingDir: String
        /// The command.
        package var cmd: [String]
        /// The entrypoint.
        package var entrypoint: [String]
        /// Whether it has a pseudo-terminal (logs are then not multiplexed).
        package var tty: Bool
        /// Whether standard input is kept open.
        package var openStdin: Bool
        /// The host name.
        package var hostname: String
        /// Exposed ports such as `22/tcp`.
        package var exposedPorts: Set<String>

        enum CodingKeys: String, CodingKey {
            case image = "Image"
            case env = "Env"
            case labels = "Labels"
            case user = "User"
            case workingDir = "WorkingDir"
            case cmd = "Cmd"
            case entrypoint = "Entrypoint"
            case tty = "Tty"
            case openStdin = "OpenStdin"
            case hostname = "Hostname"
            case exposedPorts = "ExposedPorts"
        }

        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            image = try container.decodeIfPresent(String.self, forKey: .image) ?? ""
            env = try container.decodeIfPresent([String].self, forKey: .env) ?? []
            labels = try container.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
            user = try container.decodeIfPresent(String.self, forKey: .user) ?? ""
            workingDir = try container.decodeIfPresent(String.self, forKey: .workingDir) ?? ""
            cmd = try container.decodeIfPresent(StringOrList.self, forKey: .cmd)?.values ?? []
            entrypoint = try container.decodeIfPresent(StringOrList.self, forKey: .entrypoint)?.values ?? []
            tty = try container.decodeIfPresent(Bool.self, forKey: .tty) ?? false
            openStdin = try container.decodeIfPresent(Bool.self, forKey: .openStdin) ?? false
            hostname = try container.decodeIfPresent(String.self, forKey: .hostname) ?? ""
            exposedPorts = Set(
                try container.decodeIfPresent([String: EmptyObject].self, forKey: .exposedPorts)?.keys.map { $0 } ?? [])
        }
    }

    /// A mount as the engine reports it after creation.
    package struct MountPoint: Sendable, Hashable, Decodable {
        /// `bind`, `volume` or `tmpfs`.
        package var type: String
        /// The volume's name (volumes only).
        package var name: String
        /// The host path.
        package var source: String
        /// The path inside the container.
        package var destination: String
        /// Whether it is writable.
        package var readWrite: Bool

        enum CodingKeys: String, CodingKey {
            case type = "Type"
            case name = "Name"
            case source = "Source"
            case destination = "Destination"
            case readWrite = "RW"
        }

        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            type = try container.decodeIfPresent(String.self, forKey: .type) ?? ""
            name = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
            source = try container.decodeIfPresent(String.self, forKey: .source) ?? ""
            destination = try container.decodeIfPresent(String.self, forKey: .destination) ?? ""
            readWrite = try container.decodeIfPresent(Bool.self, forKey: .readWrite) ?? false
        }
    }

    /// The full container ID.
    package var id: String
    /// The name, without the engine's leading `/`.
    package var name: String
    /// When the container was created.
    package var created: Date?
    /// The image's ID (`sha256:…`).
    package var imageID: String
    /// The run state.
    package var state: State
    /// The configuration.
    package var config: Config
    /// Resources, mounts, devices and privileges.
    package var hostConfig: HostConfig
    /// Mounts as set up.
    package var mounts: [MountPoint]
    /// Published ports while running: `"22/tcp"` → host addresses (empty for exposed, unpublished ports).
    package var ports: [String: [PortBinding]]
    /// How often the engine restarted it.
    package var restartCount: Int

    enum CodingKeys: String, CodingKey {
        case id = "Id"
        case name = "Name"
        case created = "Created"
        case imageID = "Image"
        case state = "State"
        case config = "Config"
        case hostConfig = "HostConfig"
        case mounts = "Mounts"
        case networkSettings = "NetworkSettings"
        case restartCount = "RestartCount"
    }

    private struct NetworkSettings: Decodable {
        var ports: [String: [PortBinding]?]?

        enum CodingKeys: String, CodingKey {
            case ports = "Ports"
        }
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = stripSlash(try container.decodeIfPresent(String.self, forKey: .name) ?? "")
        created = (try container.decodeIfPresent(String.self, forKey: .created)).flatMap(EngineDate.parse)
        imageID = try container.decodeIfPresent(String.self, forKey: .imageID) ?? ""
        state = try container.decode(State.self, forKey: .state)
        config = try container.decode(Config.self, forKey: .config)
        hostConfig = try container.decodeIfPresent(HostConfig.self, forKey: .hostConfig) ?? HostConfig()
        mounts = try container.decodeIfPresent([MountPoint].self, forKey: .mounts) ?? []
        let settings = try container.decodeIfPresent(NetworkSettings.self, forKey: .networkSettings)
        ports = settings?.ports?.mapValues { $0 ?? [] } ?? [:]
        restartCount = try container.decodeIfPresent(Int.self, forKey: .restartCount) ?? 0
    }
}

/// `Cmd` and `Entrypoint`: a list, or in old images a single string.
struct StringOrList: Decodable {
    var values: [String]

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let list = try? container.decode([String].self) {
            values = list
        } else {
            values = [try container.decode(String.self)]
        }
    }
}
