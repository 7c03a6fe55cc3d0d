/// Where a runtime with several nodes holds each Gitspace, which of those nodes are down, and which nodes are not
/// used for placement and why: what status, metrics and events show about nodes.
package struct NodeReport: Sendable {
    /// One Gitspace's node.
    package struct Holding: Sendable {
        package var nodeID: String
        /// The node's hostname (its id when it has none).
        package var node: String
        /// Set when the node is down, drained or paused: the Gitspace reads `NodeDown` and is left alone.
        package var down: SwarmNodeDown?

        package init(nodeID: String, node: String, down: SwarmNodeDown?) {
            self.nodeID = nodeID
            self.node = node
            self.down = down
        }
    }

    /// By Gitspace name.
    package var gitspaces: [String: Holding]
    /// The nodes placement does not use, each with why ("node x (id): not ready (down)").
    package var excluded: [String]

    package init(gitspaces: [String: Holding] = [:], excluded: [String] = []) {
        self.gitspaces = gitspaces
        self.excluded = excluded
    }

    /// The Gitspaces whose node is down, by name.
    package var down: [String: SwarmNodeDown] { gitspaces.compactMapValues(\.down) }
}

/// A runtime whose Gitspaces live on nodes that can fail (a swarm): it tells which node holds which Gitspace.
package protocol NodeAwareRuntime: ContainerRuntime {
    /// The nodes of the Gitspaces of `instance`, and the nodes placement leaves out.
    func nodeReport(instance: String) async throws -> NodeReport
}
