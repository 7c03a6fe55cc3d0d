import DockerEngine
import GitspacesCore

extension SwarmRuntime: NodeAwareRuntime {
    /// Each Gitspace service of `instance` with the node it is pinned to (down when that node is not ready and
    /// active), and the nodes placement leaves out with why.
    package func nodeReport(instance: String) async throws -> NodeReport {
        let nodes = try await manager.listNodes()
        let byID = Dictionary(nodes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var report = NodeReport()
        for service in try await manager.listServices(labels: [ContainerIdentity.instanceLabel: instance]) {
            guard let name = service.spec.labels[ContainerIdentity.nameLabel], let pin = Self.pinnedNode(service.spec)
            else { continue }
            guard let node = byID[pin] else {
                // The node was removed from the swarm: its workspace went with it, and nothing is started elsewhere.
                report.gitspaces[name] = .init(
                    nodeID: pin, node: pin,
                    down: SwarmNodeDown(gitspace: name, nodeID: pin, hostname: "", state: "removed", availability: ""))
                continue
            }
            report.gitspaces[name] = .init(
                nodeID: node.id, node: Self.displayName(node), down: Self.nodeDown(gitspace: name, node: node))
        }
        let placement = nodes.map { node in
            PlacementNode(
                id: node.id, hostname: node.hostname, engineEndpoint: node.labels[NodeEngines.label],
                state: node.state, availability: node.availability, capacity: .zero, reserved: .zero)
        }
        report.excluded = Placement.choose(.zero, among: placement).excluded.map(\.description)
        return report
    }

    /// Throws `SwarmNodeDown` when `service` is pinned to a node that is not ready and active: what would remove or
    /// replace it waits for the node, since its workspace is there.
    func refuseIfNodeDown(_ service: ServiceDetails) async throws {
        guard let pin = Self.pinnedNode(service.spec), let node = try await manager.inspectNode(pin) else { return }
        let name = service.spec.labels[ContainerIdentity.nameLabel] ?? service.spec.name
        if let down = Self.nodeDown(gitspace: name, node: node) { throw down }
    }

    static func nodeDown(gitspace: String, node: SwarmNodeDetails) -> SwarmNodeDown? {
        guard !node.isSchedulable else { return nil }
        return SwarmNodeDown(
            gitspace: gitspace, nodeID: node.id, hostname: node.hostname, state: node.state,
            availability: node.availability)
    }

    static func displayName(_ node: SwarmNodeDetails) -> String {
        node.hostname.isEmpty || node.hostname == node.id ? node.id : "\(node.hostname) (\(node.id))"
    }
}
