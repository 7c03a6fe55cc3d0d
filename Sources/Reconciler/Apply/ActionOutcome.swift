package import GitspacesCore

/// How one action of a plan ended.
package struct ActionOutcome: Sendable, Hashable {
    package var action: PlanAction
    /// nil when it applied.
    package var error: ApplyError?
    package var seconds: Double
    /// What became of the workspace, for a delete with a workspace store; nil otherwise.
    package var workspace: WorkspaceDisposal?
    /// What else the user should know beyond success: the image built, the ports published, the hooks run.
    package var notes: [String]

    package init(
        action: PlanAction, error: ApplyError? = nil, seconds: Double, workspace: WorkspaceDisposal? = nil,
        notes: [String] = []
    ) {
        self.action = action
        self.error = error
        self.seconds = seconds
        self.workspace = workspace
        self.notes = notes
    }

    package var succeeded: Bool { error == nil }

    /// Everything the user should know beyond success, in one line: where a workspace was kept, for one.
    package var note: String? {
        let parts = (workspace.flatMap { $0 == .none ? nil : [$0.description] } ?? []) + notes
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}
