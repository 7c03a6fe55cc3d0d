/// Why no node can take a Gitspace: the resource short everywhere and the best there is.
package struct PlacementRefusal: Sendable, Hashable, CustomStringConvertible {
    package enum Shortage: Sendable, Hashable {
        /// No eligible node at all (see the exclusions).
        case noEligibleNode
        /// No node has the cpus free.
        case cpus
        /// No node has the memory free.
        case memory
        /// Some node has the cpus and some the memory, none both.
        case cpusAndMemory
    }

    package var shortage: Shortage
    package var requested: PlacementAmount
    /// The node with the most of the short resource free, and what it has free.
    package var largestFreeNode: String?
    package var largestFree: PlacementAmount?
    /// Why nodes were left out, for the no-eligible-node message.
    package var excluded: [PlacementExclusion]

    package init(
        shortage: Shortage, requested: PlacementAmount, largestFreeNode: String?, largestFree: PlacementAmount?,
        excluded: [PlacementExclusion]
    ) {
        self.shortage = shortage
        self.requested = requested
        self.largestFreeNode = largestFreeNode
        self.largestFree = largestFree
        self.excluded = excluded
    }

    /// "no node has 1.5 cpus free; largest free: 0.5 on node X".
    package var description: String {
        let node = largestFreeNode ?? "-"
        let free = largestFree ?? .zero
        switch shortage {
        case .noEligibleNode:
            let reasons = excluded.map(\.description).joined(separator: "; ")
            return "no node can take Gitspaces" + (reasons.isEmpty ? " (the swarm has no nodes)" : ": \(reasons)")
        case .cpus:
            return "no node has \(requested.cpus) cpus free; largest free: \(free.cpus) on node \(node)"
        case .memory:
            return "no node has \(requested.memory) memory free; largest free: \(free.memory) on node \(node)"
        case .cpusAndMemory:
            return
                "no node has \(requested.cpus) cpus and \(requested.memory) memory free at once; largest free: \(free.cpus) cpus and \(free.memory) on node \(node)"
        }
    }
}
