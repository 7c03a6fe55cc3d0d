import GitspacesDaemon

extension StatusCommand {
    /// Under the table on a swarm: each Gitspace's node, and the nodes placement does not use with why.
    static func nodeLines(_ report: StatusReport) -> String {
        var out = ""
        let placed = report.gitspaces.compactMap { entry in entry.node.map { (entry.name, $0, entry.phase) } }
        if !placed.isEmpty {
            out += "\nNodes:\n"
            out += placed.map { name, node, phase in "  \(name): \(node)\(phase == .nodeDown ? " (down)" : "")\n" }
                .joined()
        }
        if let excluded = report.daemon.excludedNodes, !excluded.isEmpty {
            out += "\nNot used for placement:\n" + excluded.map { "  \($0)\n" }.joined()
        }
        return out
    }
}
