/// A swarm node as `GET /nodes/{id}` (or the node list) shows it.
package struct SwarmNodeDetails: Sendable, Hashable, Decodable {
    package var id: String
    /// The version an update of this node must name.
    package var version: ObjectVersion
    /// Labels set by operators (`docker node update --label-add`), such as `dev.gitspaces.engine`.
    package var labels: [String: String]
    /// `manager` or `worker`.
    package var role: String
    /// `active`, `pause` or `drain`.
    package var availability: String
    package var hostname: String
    /// CPUs of the node in units of 10⁻⁹.
    package var nanoCPUs: Int64
    /// Memory of the node in bytes.
    package var memoryBytes: Int64
    /// `ready`, `down`, `unknown` or `disconnected`.
    package var state: String
    /// The address the node is reached at.
    package var address: String
    /// What the manager says about the state (why a node is down).
    package var message: String

    /// Ready and active: the swarm may place tasks on it.
    package var isSchedulable: Bool { state == "ready" && availability == "active" }

    enum CodingKeys: String, CodingKey {
        case id = "ID"
        case version = "Version"
        case spec = "Spec"
        case description = "Description"
        case status = "Status"
    }

    private struct Spec: Decodable {
        var labels: [String: String]?
        var role: String?
        var availability: String?

        enum CodingKeys: String, CodingKey {
            case labels = "Labels"
            case role = "Role"
            case availability = "Availability"
        }
    }

    private struct Description: Decodable {
        struct Resources: Decodable {
            var nanoCPUs: Int64?
            var memoryBytes: Int64?

            enum CodingKeys: String, CodingKey {
                case nanoCPUs = "NanoCPUs"
                case memoryBytes = "MemoryBytes"
            }
        }

        var hostname: String?
        var resources: Resources?

        enum CodingKeys: String, CodingKey {
            case hostname = "Hostname"
            case resources = "Resources"
        }
    }

    private struct Status: Decodable {
        var state: String?
        var address: String?
        var message: String?

        enum CodingKeys: String, CodingKey {
            case state = "State"
            case address = "Addr"
            case message = "Message"
        }
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        version = try container.decode(ObjectVersion.self, forKey: .version)
        let spec = try container.decodeIfPresent(Spec.self, forKey: .spec)
        labels = spec?.labels ?? [:]
        role = spec?.role ?? "worker"
        availability = spec?.availability ?? "active"
        let description = try container.decodeIfPresent(Description.self, forKey: .description)
        hostname = description?.hostname ?? ""
        nanoCPUs = description?.resources?.nanoCPUs ?? 0
        memoryBytes = description?.resources?.memoryBytes ?? 0
        let status = try container.decodeIfPresent(Status.self, forKey: .status)
        state = status?.state ?? "unknown"
        address = status?.address ?? ""
        message = status?.message ?? ""
    }
}
