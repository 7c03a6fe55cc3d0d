/// The engine's `GET /info` answer, the parts gitspaces uses.
package struct SystemInfo: Sendable, Hashable, Decodable {
    /// A configured OCI runtime.
    package struct Runtime: Sendable, Hashable, Decodable {
        /// The runtime's binary, for example `runc` or `nvidia-container-runtime`.
        package var path: String?

        enum CodingKeys: String, CodingKey {
            case path
        }
    }

    /// The engine's unique ID.
    package var id: String?
    /// The engine host's name.
    package var name: String?
    /// The engine release, for example `20.10.24+dfsg1`.
    package var serverVersion: String?
    /// For example `Debian GNU/Linux 12 (bookworm)`.
    package var operatingSystem: String?
    /// For example `x86_64`.
    package var architecture: String?
    /// CPUs the engine can use.
    package var cpus: Int?
    /// Memory of the host, in bytes.
    package var memoryTotal: Int64?
    /// Runtimes by name: `runc`, and `nvidia` on GPU hosts.
    package var runtimes: [String: Runtime]
    /// The runtime containers get when none is asked for.
    package var defaultRuntime: String?
    /// `cgroupfs` or `systemd`.
    package var cgroupDriver: String?
    /// `1` or `2`.
    package var cgroupVersion: String?
    /// Containers on the engine, in any state.
    package var containers: Int?
    /// Images on the engine.
    package var images: Int?

    /// Whether a GPU runtime (`nvidia`) is configured.
    package var hasGPURuntime: Bool {
        runtimes.keys.contains { $0 == "nvidia" || $0.hasPrefix("nvidia-") }
    }

    enum CodingKeys: String, CodingKey {
        case id = "ID"
        case name = "Name"
        case serverVersion = "ServerVersion"
        case operatingSystem = "OperatingSystem"
        case architecture = "Architecture"
        case cpus = "NCPU"
        case memoryTotal = "MemTotal"
        case runtimes = "Runtimes"
        case defaultRuntime = "DefaultRuntime"
        case cgroupDriver = "CgroupDriver"
        case cgroupVersion = "CgroupVersion"
        case containers = "Containers"
        case images = "Images"
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(String.self, forKey: .id)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        serverVersion = try container.decodeIfPresent(String.self, forKey: .serverVersion)
        operatingSystem = try container.decodeIfPresent(String.self, forKey: .operatingSystem)
        architecture = try container.decodeIfPresent(String.self, forKey: .architecture)
        cpus = try container.decodeIfPresent(Int.self, forKey: .cpus)
        memoryTotal = try container.decodeIfPresent(Int64.self, forKey: .memoryTotal)
        runtimes = try container.decodeIfPresent([String: Runtime].self, forKey: .runtimes) ?? [:]
        defaultRuntime = try container.decodeIfPresent(String.self, forKey: .defaultRuntime)
        cgroupDriver = try container.decodeIfPresent(String.self, forKey: .cgroupDriver)
        cgroupVersion = try container.decodeIfPresent(String.self, forKey: .cgroupVersion)
        containers = try container.decodeIfPresent(Int.self, forKey: .containers)
        images = try container.decodeIfPresent(Int.self, forKey: .images)
    }
}
