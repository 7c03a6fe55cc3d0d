/// Choices that change what the planner allows, and what it knows beyond the manifests.
package struct PlanOptions: Sendable, Hashable {
    /// Lifts both mass-deletion guards: an empty configuration against existing Gitspaces, and more
    /// deletions than `Policy.maxDeletions`.
    package var allowMassDelete: Bool
    /// Specs resolved against their sources (the image from devcontainer.json), by Gitspace name.
    /// A Gitspace missing here plans with `ResolvedSpec(gitspace)`, whose image is nil.
    package var resolved: [String: ResolvedSpec]

    package init(allowMassDelete: Bool = false, resolved: [String: ResolvedSpec] = [:]) {
        self.allowMassDelete = allowMassDelete
        self.resolved = resolved
    }
}
