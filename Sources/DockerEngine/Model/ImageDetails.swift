package import Foundation

/// An image as `GET /images/{name}/json` describes it.
package struct ImageDetails: Sendable, Hashable, Decodable {
    /// The defaults a container of this image starts with.
    package struct Config: Sendable, Hashable, Decodable {
        /// Labels.
        package var labels: [String: String]
        /// The default user; empty = root.
        package var user: String
        /// Environment variables as `KEY=VALUE`.
        package var env: [String]
        /// The default command.
        package var cmd: [String]
        /// The entrypoint.
        package var entrypoint: [String]
        /// The default working directory; empty = `/`.
        package var workingDir: String
        /// Exposed ports such as `22/tcp`.
        package var exposedPorts: Set<String>

        enum CodingKeys: String, CodingKey {
            case labels = "Labels"
            case user = "User"
            case env = "Env"
            case cmd = "Cmd"
            case entrypoint = "Entrypoint"
            case workingDir = "WorkingDir"
            case exposedPorts = "ExposedPorts"
        }

        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            labels = try container.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
            user = try container.decodeIfPresent(String.self, forKey: .user) ?? ""
            env = try container.decodeIfPresent([String].self, forKey: .env) ?? []
            cmd = try container.decodeIfPresent(StringOrList.self, forKey: .cmd)?.values ?? []
            entrypoint = try container.decodeIfPresent(StringOrList.self, forKey: .entrypoint)?.values ?? []
            workingDir = try container.decodeIfPresent(String.self, forKey: .workingDir) ?? ""
            exposedPorts = Set(
                try container.decodeIfPresent([String: EmptyObject].self, forKey: .exposedPorts)?.keys.map { $0 } ?? [])
        }
    }

    /// The image ID (`sha256:…`).
    package var id: String
    /// Tags such as `busybox:1`.
    package var repoTags: [String]
    /// Registry digests such as `registry/name@sha256:…`.
    package var repoDigests: [String]
    /// When it was built.
    package var created: Date?
    /// Its size in bytes.
    package var size: Int64
    /// `linux`, …
    package var os: String
    /// `amd64`, …
    package var architecture: String
    /// Container defaults.
    package var config: Config

    enum CodingKeys: String, CodingKey {
        case id = "Id"
        case repoTags = "RepoTags"
        case repoDigests = "RepoDigests"
        case created = "Created"
        case size = "Size"
        case os = "Os"
        case architecture = "Architecture"
        case config = "Config"
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        repoTags = try container.decodeIfPresent([String].self, forKey: .repoTags) ?? []
        repoDigests = try container.decodeIfPresent([String].self, forKey: .repoDigests) ?? []
        created = (try container.decodeIfPresent(String.self, forKey: .created)).flatMap(EngineDate.parse)
        size = try container.decodeIfPresent(Int64.self, forKey: .size) ?? 0
        os = try container.decodeIfPresent(String.self, forKey: .os) ?? ""
        architecture = try container.decodeIfPresent(String.self, forKey: .architecture) ?? ""
        // Images imported from a tarball have `"Config": null`.
        config =
            try container.decodeIfPresent(Config.self, forKey: .config)
            ?? Config(labels: [:], user: "", env: [], cmd: [], entrypoint: [], workingDir: "", exposedPorts: [])
    }
}

extension ImageDetails.Config {
    init(
        labels: [String: String], user: String, env: [String], cmd: [String], entrypoint: [String],
        workingDir: String, exposedPorts: Set<String>
    ) {
        self.labels = labels
        self.user = user
        self.env = env
        self.cmd = cmd
        self.entrypoint = entrypoint
        self.workingDir = workingDir
        self.exposedPorts = exposedPorts
    }
}
