package import GitspacesCore

/// No node of the swarm can take a new Gitspace: it is `Pending`, with the reason.
package struct SwarmPlacementError: Error, Sendable, CustomStringConvertible {
    package var gitspace: String
    package var refusal: PlacementRefusal?
    package var excluded: [PlacementExclusion]

    package init(gitspace: String, refusal: PlacementRefusal?, excluded: [PlacementExclusion]) {
        self.gitspace = gitspace
        self.refusal = refusal
        self.excluded = excluded
    }

    package var description: String {
        "gitspace \(gitspace) is Pending: \(refusal?.description ?? "no node fits")"
            + ": free capacity on a node, or lower its hardware"
    }
}
