/// A task of a service as `GET /tasks` shows it: which node runs it and its container.
package struct SwarmTask: Sendable, Hashable, Decodable {
    package var id: String
    package var serviceID: String
    /// The node the task is assigned to; empty while it waits for one (pending).
    package var nodeID: String
    /// `running`, `shutdown`, `complete`… : what the swarm wants of the task.
    package var desiredState: String
    /// `new`, `pending`, `assigned`, `preparing`, `starting`, `running`, `complete`, `shutdown`, `failed`,
    /// `rejected`, `orphaned`…: where the task is.
    package var state: String
    /// The swarm's note on the state.
    package var message: String
    /// Why the task failed or cannot be placed.
    package var error: String
    /// The task's container on its node, once created.
    package var containerID: String?
    /// The container's exit code, once it ended.
    package var exitCode: Int?
    /// The resources the task reserves and is limited to.
    package var resources: ServiceResources?

    enum CodingKeys: String, CodingKey {
        case id = "ID"
        case serviceID = "ServiceID"
        case nodeID = "NodeID"
        case desiredState = "DesiredState"
        case status = "Status"
        case spec = "Spec"
    }

    private struct Status: Decodable {
        struct Container: Decodable {
            var containerID: String?
            var exitCode: Int?

            enum CodingKeys: String, CodingKey {
                case containerID = "ContainerID"
                case exitCode = "ExitCode"
            }
        }

        var state: String?
        var message: String?
        var error: String?
        var containerStatus: Container?

        enum CodingKeys: String, CodingKey {
            case state = "State"
            case message = "Message"
            case error = "Err"
            case containerStatus = "ContainerStatus"
        }
    }

    private struct Spec: Decodable {
        var resources: ServiceResources?

        enum CodingKeys: String, CodingKey {
            case resources = "Resources"
        }
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        serviceID = try container.decodeIfPresent(String.self, forKey: .serviceID) ?? ""
        nodeID = try container.decodeIfPresent(String.self, forKey: .nodeID) ?? ""
        desiredState = try container.decodeIfPresent(String.self, forKey: .desiredState) ?? ""
        let status = try container.decodeIfPresent(Status.self, forKey: .status)
        state = status?.state ?? ""
        message = status?.message ?? ""
        error = status?.error ?? ""
        containerID = status?.containerStatus?.containerID.flatMap { $0.isEmpty ? nil : $0 }
        exitCode = status?.containerStatus?.exitCode
        resources = try container.decodeIfPresent(Spec.self, forKey: .spec)?.resources
    }
}
