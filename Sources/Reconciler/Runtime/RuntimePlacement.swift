/// Where a Gitspace's container runs, chosen before its images, volumes and workspace: "this engine" on one Docker
/// Engine, a node on a swarm. Carried to the later steps of a create so that they all act on the same machine.
package struct RuntimePlacement: Sendable, Hashable, CustomStringConvertible {
    /// The node's id; nil on a single engine.
    package var nodeID: String?
    /// The node's host name, for output.
    package var hostname: String?
    /// The node's own engine endpoint (`dev.gitspaces.engine`); nil on a single engine.
    package var endpoint: String?

    package init(nodeID: String?, hostname: String?, endpoint: String?) {
        self.nodeID = nodeID
        self.hostname = hostname
        self.endpoint = endpoint
    }

    /// The one engine there is.
    package static let thisEngine = RuntimePlacement(nodeID: nil, hostname: nil, endpoint: nil)

    package var description: String {
        guard let nodeID else { return "this engine" }
        return "node \(hostname.map { "\($0) (\(nodeID))" } ?? nodeID)"
    }
}
