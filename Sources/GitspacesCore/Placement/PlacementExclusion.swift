/// A node placement never uses, and why.
package struct PlacementExclusion: Sendable, Hashable, CustomStringConvertible {
    package enum Reason: Sendable, Hashable {
        /// No `dev.gitspaces.engine` label: its engine cannot be reached for exec, logs or the workspace.
        case noEngineLabel
        /// Not `ready` (the manager's state: `down`, `unknown`, `disconnected`).
        case notReady(state: String)
        /// Not `active` (`pause` or `drain`).
        case notActive(availability: String)
    }

    package var nodeID: String
    package var nodeName: String
    package var reason: Reason

    package init(nodeID: String, nodeName: String, reason: Reason) {
        self.nodeID = nodeID
        self.nodeName = nodeName
        self.reason = reason
    }

    package var description: String {
        switch reason {
        case .noEngineLabel:
            "node \(nodeName) has no dev.gitspaces.engine label (set it with `docker node update --label-add dev.gitspaces.engine=unix:///var/run/docker.sock \(nodeID)`)"
        case .notReady(let state):
            "node \(nodeName) is \(state)"
        case .notActive(let availability):
            "node \(nodeName) is set to \(availability)"
        }
    }
}
