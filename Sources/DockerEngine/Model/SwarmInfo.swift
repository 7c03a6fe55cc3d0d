/// The `Swarm` part of the engine's `GET /info` answer: whether the engine is in a swarm and may manage it.
package struct SwarmInfo: Sendable, Hashable, Decodable {
    /// This engine's node id in the swarm (empty outside one).
    package var nodeID: String
    /// The address the node advertises.
    package var nodeAddress: String
    /// `inactive`, `pending`, `active`, `error` or `locked`.
    package var localNodeState: String
    /// Whether this engine is a manager (only managers answer the services, nodes and tasks calls).
    package var controlAvailable: Bool
    /// Why the node is in `error`, when it is.
    package var error: String

    /// Whether the engine is an active member of a swarm.
    package var isActive: Bool { localNodeState == "active" }

    enum CodingKeys: String, CodingKey {
        case nodeID = "NodeID"
        case nodeAddress = "NodeAddr"
        case localNodeState = "LocalNodeState"
        case controlAvailable = "ControlAvailable"
        case error = "Error"
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        nodeID = try container.decodeIfPresent(String.self, forKey: .nodeID) ?? ""
        nodeAddress = try container.decodeIfPresent(String.self, forKey: .nodeAddress) ?? ""
        localNodeState = try container.decodeIfPresent(String.self, forKey: .localNodeState) ?? "inactive"
        controlAvailable = try container.decodeIfPresent(Bool.self, forKey: .controlAvailable) ?? false
        error = try container.decodeIfPresent(String.self, forKey: .error) ?? ""
    }
}
