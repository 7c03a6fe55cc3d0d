public import GitspacesCore

/// How one action of a plan ended.
public struct ActionOutcome: Sendable, Hashable {
    public var action: PlanAction
    /// nil when it applied.
    public var error: ApplyError?
    public var seconds: Double
    /// What became of the workspace, for a delete with a workspace store; nil otherwise.
    public var workspace: WorkspaceDisposal?
    /// What else the user should know beyond success: the image built, the ports published, the hooks run.
    public var notes: [String]

    public init(
        action: PlanAction, error: ApplyError? = nil, seconds: Double, workspace: WorkspaceDisposal? = nil,
        notes: [String] = []
    ) {
        self.action = action
        self.error = error
        self.seconds = seconds
        self.workspace = workspace
        self.notes = notes
    }

    public var succeeded: Bool { error == nil }

    /// Everything the user should know beyond success, in one line: where a workspace was kept, for one.
    public var note: String? {
        let parts = (workspace.flatMap { $0 == .none ? nil : [$0.description] } ?? []) + notes
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}
