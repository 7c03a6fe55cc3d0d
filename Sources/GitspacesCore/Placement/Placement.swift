/// The first placement of a Gitspace on a swarm: a pure function of the nodes and the request.
///
/// Candidates are the nodes that are ready, active and carry a `dev.gitspaces.engine` label; among those whose free
/// cpus and memory fit the request, the most allocated wins (packing nodes keeps whole nodes free for large
/// Gitspaces), ties broken by the smaller node id, so the same inputs always give the same node. Later placements
/// are pinned to the node holding the workspace and do not come here.
package enum Placement {
    package static func choose(_ request: PlacementAmount, among nodes: [PlacementNode]) -> PlacementOutcome {
        var candidates: [PlacementNode] = []
        var excluded: [PlacementExclusion] = []
        for node in nodes.sorted(by: { $0.id < $1.id }) {
            if let reason = exclusion(of: node) {
                excluded.append(PlacementExclusion(nodeID: node.id, nodeName: node.displayName, reason: reason))
            } else {
                candidates.append(node)
            }
        }
        let fitting = candidates.filter { $0.free.fits(request) }
        if let best = fitting.max(by: { lhs, rhs in
            lhs.allocation != rhs.allocation ? lhs.allocation < rhs.allocation : lhs.id > rhs.id
        }) {
            return PlacementOutcome(nodeID: best.id, refusal: nil, excluded: excluded)
        }
        return PlacementOutcome(
            nodeID: nil, refusal: refusal(request, candidates: candidates, excluded: excluded), excluded: excluded)
    }

    static func exclusion(of node: PlacementNode) -> PlacementExclusion.Reason? {
        if node.engineEndpoint?.isEmpty ?? true { return .noEngineLabel }
        if node.state != "ready" { return .notReady(state: node.state) }
        if node.availability != "active" { return .notActive(availability: node.availability) }
        return nil
    }

    private static func refusal(
        _ request: PlacementAmount, candidates: [PlacementNode], excluded: [PlacementExclusion]
    ) -> PlacementRefusal {
        guard !candidates.isEmpty else {
            return PlacementRefusal(
                shortage: .noEligibleNode, requested: request, largestFreeNode: nil, largestFree: nil,
                excluded: excluded)
        }
        let cpuShort = !candidates.contains { $0.free.cpus >= request.cpus }
        let memoryShort = !candidates.contains { $0.free.memory >= request.memory }
        let shortage: PlacementRefusal.Shortage =
            cpuShort ? .cpus : memoryShort ? .memory : .cpusAndMemory
        // The node with the most of the short resource free (cpus first), ties by node id.
        let largest = candidates.max { lhs, rhs in
            let (left, right) =
                shortage == .memory
                ? (lhs.free.memory.bytes, rhs.free.memory.bytes)
                : (Int64(lhs.free.cpus.millis), Int64(rhs.free.cpus.millis))
            return left != right ? left < right : lhs.id > rhs.id
        }
        return PlacementRefusal(
            shortage: shortage, requested: request, largestFreeNode: largest?.displayName,
            largestFree: largest?.free, excluded: excluded)
    }
}
