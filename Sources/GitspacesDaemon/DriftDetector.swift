import GitspacesCore
import Reconciler

/// Tells drift from a config change and picks what a pass runs. Pure: values in, a decision out.
///
/// A plan action is drift when its Gitspace was converged to exactly what is declared now, yet the engine
/// differs (a container removed, stopped or started by hand). Hand-made cpu or memory changes, seen by
/// inspecting running containers, are drift too, corrected by in-place updates from the planner. Drift
/// is corrected only with self-heal on; a Gitspace in backoff waits either way.
struct DriftDetector {
    var selfHeal: Bool

    /// Drift to report: what differs for one Gitspace.
    struct Report: Hashable {
        var name: String
        var drift: String
    }

    struct Decision {
        /// What to run now: the plan's actions in plan order, then hardware corrections.
        var selected: [PlanAction] = []
        /// Plan actions left out: drift with self-heal off, or a Gitspace in backoff.
        var skipped: [PlanAction] = []
        /// Drift not reported yet (new, or different from what was), in the order found: one event each.
        var reports: [Report] = []
        /// What the memory's drift becomes.
        var drift: [String: String] = [:]
        /// Gitspaces whose hardware drifted: inspected again to tell whether the correction held.
        var reinspect: Set<String> = []
        /// The Gitspaces the plan has an action for.
        var actedOn: Set<String> = []
    }

    func decide(
        actions: [PlanAction], desired: DesiredState, observation: Observation, memory: LoopMemory,
        now: ContinuousClock.Instant
    ) -> Decision {
        var decision = Decision(drift: memory.drift)
        for action in actions {
            decision.actedOn.insert(action.name)
            if let drift = Self.drift(of: action, converged: memory.converged[action.name]) {
                if memory.drift[action.name] != drift {
                    decision.reports.append(Report(name: action.name, drift: drift))
                }
                decision.drift[action.name] = drift
                if !selfHeal {
                    decision.skipped.append(action)
                    continue
                }
            } else {
                decision.drift[action.name] = nil
            }
            if memory.backoff.waiting(action.name, now: now) != nil {
                decision.skipped.append(action)
                continue
            }
            decision.selected.append(action)
        }
        for observed in observation.gitspaces where !decision.actedOn.contains(observed.name) {
            guard let container = observation.containers[observed.name],
                let inspection = memory.inspected[observed.name], inspection.containerID == container.id,
                let correction = hardwareCorrection(
                    for: observed, engineNanoCPUs: inspection.nanoCPUs, engineMemoryBytes: inspection.memory)
            else { continue }
            let drift =
                "its " + correction.changes.map(\.field).joined(separator: " and ")
                + " were changed outside gitspaces"
            if memory.drift[observed.name] != drift {
                decision.reports.append(Report(name: observed.name, drift: drift))
            }
            decision.drift[observed.name] = drift
            decision.reinspect.insert(observed.name)
            if selfHeal { decision.selected.append(correction) }
        }
        // Gitspaces with nothing to do are converged: with self-heal on, their drift is over.
        if selfHeal {
            for gitspace in desired.gitspaces where !decision.actedOn.contains(gitspace.name) {
                decision.drift[gitspace.name] = nil
            }
        }
        return decision
    }

    /// Why an action is drift rather than a config change; nil for config changes (and after a restart,
    /// when nothing is known).
    static func drift(of action: PlanAction, converged: (spec: ResolvedSpec, running: Bool)?) -> String? {
        guard let converged, let spec = action.spec, converged.spec == spec, converged.running == action.running
        else { return nil }
        switch action.kind {
        case .create: return "its container was removed outside gitspaces"
        case .start: return "its container was stopped outside gitspaces"
        case .stop: return "its container was started outside gitspaces"
        default: return nil
        }
    }
}
