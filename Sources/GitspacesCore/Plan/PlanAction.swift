/// One step of a plan: what happens to one Gitspace.
package struct PlanAction: Sendable, Hashable {
    /// The closed set of actions, in display order.
    package enum Kind: String, Sendable, Hashable, CaseIterable, Comparable {
        /// A new container and workspace.
        case create
        /// Start a stopped container; in-place changes listed with it are applied too.
        case start
        /// In place: cpus and memory through the engine's update call, a branch change by a checkout in the
        /// workspace (blocked while the workspace is dirty). No restart.
        case update
        /// Recreate the container in the desired run state, keeping the workspace.
        case replace
        /// Stop a running container; in-place changes listed with it are applied too.
        case stop
        /// Remove the container; the workspace's fate is `PlanAction.data`.
        case delete

        package static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rank < rhs.rank }

        var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    }

    /// What happens to a deleted Gitspace's workspace, from its `deletionPolicy`.
    package enum DataFate: String, Sendable, Hashable, CaseIterable {
        /// `Retain`: the workspace stays on the host.
        case kept = "workspace kept"
        /// `Delete`: the workspace is removed only when clean; a dirty one is kept and reported.
        case removedIfClean = "workspace removed if clean"

        package init(_ policy: Gitspace.DeletionPolicy) {
            self = policy == .retain ? .kept : .removedIfClean
        }
    }

    package var kind: Kind
    package var name: String
    /// The changed fields, in manifest order (state, repo, branch, devcontainer, image, the resolved
    /// devcontainer.json keys, lifecycle, hardware, env, ssh, credentials, deletionPolicy, owner, labels). A create lists the values it sets; a delete lists none.
    package var changes: [FieldChange]
    /// For a delete only.
    package var data: DataFate?
    /// The change in reserved hardware this action makes.
    package var hardware: HardwareDelta
    /// The spec the Gitspace has after the action; nil for a delete.
    package var spec: ResolvedSpec?
    /// Whether the Gitspace runs after the action (false for a delete).
    package var running: Bool

    package init(
        kind: Kind, name: String, changes: [FieldChange] = [], data: DataFate? = nil, hardware: HardwareDelta = .zero,
        spec: ResolvedSpec?, running: Bool
    ) {
        self.kind = kind
        self.name = name
        self.changes = changes
        self.data = data
        self.hardware = hardware
        self.spec = spec
        self.running = running
    }
}
