/// A Gitspace's node is down, drained or paused: it reads `NodeDown`, and is not started anywhere else, since its
/// workspace is on that node. It converges when the node is back.
package struct SwarmNodeDown: Error, Sendable, CustomStringConvertible {
    package var gitspace: String
    package var nodeID: String
    package var hostname: String
    /// The manager's state of the node (`down`, `unknown`, `ready`…).
    package var state: String
    /// `active`, `pause` or `drain`.
    package var availability: String

    package init(gitspace: String, nodeID: String, hostname: String, state: String, availability: String) {
        self.gitspace = gitspace
        self.nodeID = nodeID
        self.hostname = hostname
        self.state = state
        self.availability = availability
    }

    package var description: String {
        let why = state != "ready" ? "is \(state)" : "is set to \(availability)"
        return
            "gitspace \(gitspace): NodeDown: its node \(hostname.isEmpty ? nodeID : "\(hostname) (\(nodeID))") \(why); its workspace is there, so it is not started elsewhere: bring the node back (or `docker node update --availability active \(nodeID)`)"
    }
}
