/// What placement decided for one Gitspace: the node, or why it is `Pending`; and which nodes were never candidates.
package struct PlacementOutcome: Sendable, Hashable {
    /// The chosen node's id, or `nil` when nothing fits.
    package var nodeID: String?
    /// Why nothing fits (set exactly when `nodeID` is `nil`).
    package var refusal: PlacementRefusal?
    /// Nodes that could not take any Gitspace, by node id, each with its reason (status shows them).
    package var excluded: [PlacementExclusion]

    package init(nodeID: String?, refusal: PlacementRefusal?, excluded: [PlacementExclusion]) {
        self.nodeID = nodeID
        self.refusal = refusal
        self.excluded = excluded
    }
}
