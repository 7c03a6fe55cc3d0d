package import DockerEngine
package import GitspacesCore

/// The placement step and node workspaces on a swarm.
extension SwarmRuntime {
    /// The node a Gitspace's container goes to: the one its service is pinned to, else the one holding its
    /// workspace volume, else the most-allocated node that fits (`Placement`) counting this pass's reservations.
    package func place(
        _ gitspace: String, instance: String, request: PlacementAmount, ledger: PlacementLedger
    ) async throws -> RuntimePlacement {
        if let service = try await manager.inspectService(ContainerIdentity.containerName(gitspace)),
            let pin = Self.pinnedNode(service.spec)
        {
            return try await placement(ofNode: pin)
        }
        if let volume = try await nodeWorkspaceVolumes.find(gitspace, instance: instance) {
            return volume.placement
        }
        // Read what is counted before the nodes' figures: a service scaled up in between is then counted twice
        // (too careful), never not at all.
        var counted: Set<String> = []
        for service in try await manager.listServices() where Self.pinnedNode(service.spec) != nil {
            if (service.spec.replicas ?? 1) > 0, let name = service.spec.labels[ContainerIdentity.nameLabel] {
                counted.insert(name)
            }
        }
        let nodes = try await placementNodes()
        let outcome = await ledger.reserve(gitspace, request: request, nodes: nodes, counted: counted)
        guard let id = outcome.nodeID, let node = nodes.first(where: { $0.id == id }) else {
            throw SwarmPlacementError(gitspace: gitspace, refusal: outcome.refusal, excluded: outcome.excluded)
        }
        return RuntimePlacement(nodeID: node.id, hostname: node.hostname, endpoint: node.engineEndpoint)
    }

    /// Creates the service pinned to `placement`'s node; an existing service keeps its own pin.
    package func createContainer(named name: String, spec: ContainerSpec, on placement: RuntimePlacement)
        async throws -> String
    {
        guard let node = placement.nodeID, try await manager.inspectService(name) == nil else {
            return try await createContainer(named: name, spec: spec)
        }
        _ = try await manager.createService(
            Self.serviceSpec(name: name, spec: spec, constraint: "node.id==\(node)", replicas: 0))
        return name
    }

    /// Workspaces are named volumes on the nodes.
    package var nodeWorkspaces: NodeWorkspaces? { nodeWorkspaceVolumes }

    private var nodeWorkspaceVolumes: NodeWorkspaces {
        let manager = manager
        let engines = engines
        return NodeWorkspaces(
            engine: { endpoint in try await engines.client(for: endpoint) },
            nodes: {
                // Every reachable node (drained ones too: a workspace there stays there), by id.
                try await manager.listNodes().filter { $0.state == "ready" }.compactMap { node in
                    guard let endpoint = node.labels[NodeEngines.label], !endpoint.isEmpty else { return nil }
                    return RuntimePlacement(nodeID: node.id, hostname: node.hostname, endpoint: endpoint)
                }.sorted { ($0.nodeID ?? "") < ($1.nodeID ?? "") }
            })
    }

    private func placement(ofNode id: String) async throws -> RuntimePlacement {
        let hostname = try await manager.inspectNode(id)?.hostname
        return RuntimePlacement(nodeID: id, hostname: hostname, endpoint: try await endpoint(ofNode: id))
    }
}
