import Foundation
import GitspacesCore

/// What the next pass would do that differs from what runs, from what the loop already knows: the last plan
/// applied (with the actions its guards and backoff left out), and the plan a guard refused. No planner runs for
/// it. Pure: values in, values out.
enum PendingPlan {
    static func items(
        applied: Plan?, refused: Plan?, memory: LoopMemory, selfHeal: Bool, now: ContinuousClock.Instant
    ) -> [PendingItem] {
        var items: [PendingItem] = []
        if let refused {
            let why = memory.refusal ?? refused.refusal?.message ?? "a guard refused this plan"
            for action in refused.actions {
                items.append(item(action, .refused, "not applied: \(why)"))
            }
        }
        for action in applied?.actions ?? [] {
            let name = action.name
            if let waiting = memory.backoff.waiting(name, now: now) {
                let seconds = max(0, Int(((waiting.retryAt - now).inSeconds).rounded(.up)))
                let error = memory.lastErrors[name].map { ": \($0)" } ?? ""
                let failures = waiting.failures == 1 ? "1 failure" : "\(waiting.failures) failures"
                items.append(item(action, .backingOff, "retried in \(seconds)s (after \(failures))\(error)"))
            } else if let blocked = memory.blocked[name] {
                items.append(item(action, .blocked, blocked))
            } else if let error = memory.lastErrors[name] {
                items.append(item(action, .failed, "failed, tried again on the next pass: \(error)"))
            } else if !selfHeal, let drift = memory.drift[name] {
                items.append(item(action, .selfHealOff, "\(drift); self-heal is off, so it is only reported"))
            }
        }
        return items
    }

    private static func item(_ action: PlanAction, _ reason: PendingItem.Reason, _ message: String) -> PendingItem {
        PendingItem(
            action: action.kind.rawValue, name: action.name, reason: reason, message: message,
            changes: action.changes.map(describe) + (action.data.map { [$0.rawValue] } ?? []))
    }

    /// `field: old → new`, `field: new` (set) or `field: old → (removed)`, env values hidden when secret.
    static func describe(_ change: FieldChange) -> String {
        func shown(_ value: String?) -> String? {
            guard let value else { return nil }
            if change.field.hasPrefix("env.") {
                return DashboardSecrets.shown(env: String(change.field.dropFirst(4)), value: value)
            }
            return DashboardSecrets.shown(json: value)
        }
        switch (shown(change.old), shown(change.new)) {
        case (let old?, let new?): return "\(change.field): \(old) → \(new)"
        case (nil, let new?): return "\(change.field): \(new)"
        case (let old?, nil): return "\(change.field): \(old) → (removed)"
        case (nil, nil): return change.field
        }
    }
}
