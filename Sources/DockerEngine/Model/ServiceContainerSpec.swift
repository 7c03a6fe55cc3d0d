/// A service task's `ContainerSpec` (Engine API 1.41): what the swarm asks the node's engine to run.
package struct ServiceContainerSpec: Sendable, Hashable, Codable {
    /// A mount of the task's container.
    package struct Mount: Sendable, Hashable, Codable {
        /// `volume` or `bind`.
        package var type: String
        /// The volume name (created on the node when missing) or the host path.
        package var source: String
        /// Where the container sees it.
        package var target: String
        package var readOnly: Bool?

        package init(type: String, source: String, target: String, readOnly: Bool? = nil) {
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
    }

    package var image: String
    /// Labels on each task's container.
    package var labels: [String: String]
    /// Replaces the image's entrypoint.
    package var command: [String]?
    /// Arguments to the command.
    package var args: [String]?
    /// `NAME=value` entries.
    package var env: [String]
    package var user: String?
    package var workingDirectory: String?
    package var hostname: String?
    package var mounts: [Mount]
    /// Runs an init process as PID 1.
    package var initProcess: Bool?
    package var tty: Bool?
    /// Nanoseconds between SIGTERM and SIGKILL on stop.
    package var stopGracePeriod: Int64?

    package init(
        image: String, labels: [String: String] = [:], command: [String]? = nil, args: [String]? = nil,
        env: [String] = [], user: String? = nil, workingDirectory: String? = nil, hostname: String? = nil,
        mounts: [Mount] = [], initProcess: Bool? = nil, tty: Bool? = nil, stopGracePeriod: Int64? = nil
    ) {
        self.image = image
        self.labels = labels
        self.command = command
        self.args = args
        self.env = env
        self.user = user
        self.workingDirectory = workingDirectory
        self.hostname = hostname
        self.mounts = mounts
        self.initProcess = initProcess
        self.tty = tty
        self.stopGracePeriod = stopGracePeriod
    }

    enum CodingKeys: String, CodingKey {
        case image = "Image"
        case labels = "Labels"
        case command = "Command"
        case args = "Args"
        case env = "Env"
        case user = "User"
        case workingDirectory = "Dir"
        case hostname = "Hostname"
        case mounts = "Mounts"
        case initProcess = "Init"
        case tty = "TTY"
        case stopGracePeriod = "StopGracePeriod"
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        image = try container.decodeIfPresent(String.self, forKey: .image) ?? ""
        labels = try container.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
        command = try container.decodeIfPresent([String].self, forKey: .command)
        args = try container.decodeIfPresent([String].self, forKey: .args)
        env = try container.decodeIfPresent([String].self, forKey: .env) ?? []
        user = try container.decodeIfPresent(String.self, forKey: .user)
        workingDirectory = try container.decodeIfPresent(String.self, forKey: .workingDirectory)
        hostname = try container.decodeIfPresent(String.self, forKey: .hostname)
        mounts = try container.decodeIfPresent([Mount].self, forKey: .mounts) ?? []
        initProcess = try container.decodeIfPresent(Bool.self, forKey: .initProcess)
        tty = try container.decodeIfPresent(Bool.self, forKey: .tty)
        stopGracePeriod = try container.decodeIfPresent(Int64.self, forKey: .stopGracePeriod)
    }
}
