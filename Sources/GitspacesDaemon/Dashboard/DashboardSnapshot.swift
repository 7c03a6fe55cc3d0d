import Foundation
import GitspacesCore
import Reconciler

/// What the dashboard shows beyond `GET /status`, made by the loop when it publishes a pass: the resolved spec of
/// each Gitspace (declared, or on the engine only) and the pending plan. Display values only, no secret.
package struct DashboardSnapshot: Sendable, Hashable {
    /// By Gitspace name.
    package var specs: [String: DashboardSpec]
    package var pending: [PendingItem]

    package init(specs: [String: DashboardSpec] = [:], pending: [PendingItem] = []) {
        self.specs = specs
        self.pending = pending
    }

    /// The snapshot of a pass: the specs in force (and of what the engine holds), the pending plan as the memory
    /// tells it.
    init(memory: LoopMemory, input: StatusBuilder.Input, selfHeal: Bool, now: ContinuousClock.Instant) {
        let declared = input.desired?.gitspaces ?? memory.lastGood?.desired.gitspaces ?? []
        let observed = Dictionary(
            (input.observation?.gitspaces ?? []).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var specs: [String: DashboardSpec] = [:]
        for gitspace in declared {
            specs[gitspace.name] = DashboardSpec(gitspace: gitspace, observed: observed[gitspace.name])
        }
        for (name, gitspace) in observed where specs[name] == nil {
            specs[name] = DashboardSpec(gitspace: nil, observed: gitspace)
        }
        self.specs = specs
        pending = PendingPlan.items(
            applied: memory.lastPlan, refused: memory.refusedPlan, memory: memory, selfHeal: selfHeal, now: now)
    }
}

extension DaemonHTTPBackend {
    /// No snapshot: a backend without a reconcile loop shows the status alone.
    package var dashboard: DashboardSnapshot? { nil }
}
