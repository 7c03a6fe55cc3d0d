/// Choices that change what the planner allows.
public struct PlanOptions: Sendable, Hashable {
    /// Lifts both mass-deletion guards: an empty configuration against existing Gitspaces, and more
    /// deletions than `Policy.maxDeletions`.
    public var allowMassDelete: Bool

    public init(allowMassDelete: Bool = false) {
        self.allowMassDelete = allowMassDelete
    }
}
