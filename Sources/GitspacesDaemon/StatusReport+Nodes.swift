package import Reconciler

extension StatusReport {
    /// Where the Gitspaces of `instance` are on a runtime with nodes (a swarm); nil on one engine or when the
    /// manager does not answer.
    package static func nodeReport(runtime: any ContainerRuntime, instance: String) async -> NodeReport? {
        guard let runtime = runtime as? any NodeAwareRuntime else { return nil }
        return try? await runtime.nodeReport(instance: instance)
    }
}

extension [GitspaceStatus] {
    /// The entries with their node, and those on a down node as `NodeDown` with the reason.
    package func markingNodes(_ report: NodeReport?) -> [GitspaceStatus] {
        guard let report else { return self }
        return map { entry in
            var entry = entry
            guard let holding = report.gitspaces[entry.name] else { return entry }
            entry.node = holding.node
            if let down = holding.down {
                entry.phase = .nodeDown
                entry.ready = .init(status: false, reason: "NodeDown", message: down.description)
                entry.lastError = down.description
            }
            return entry
        }
    }
}
