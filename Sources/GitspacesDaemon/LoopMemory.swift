import Foundation
import GitspacesCore
import Reconciler

/// What the loop remembers between passes. Nothing here gates an action: it only tells drift from a
/// config change and spaces retries; losing it (a restart) costs at most one repeated attempt.
struct LoopMemory {
    /// A config commit fetched and loaded.
    struct Loaded {
        var commit: String
        /// nil when the commit does not validate.
        var desired: DesiredState?
        var errors: [String]
        /// Why the commit's signature is not accepted (`--verify-commits`); nothing was read from it.
        var unverified: String? = nil
    }

    /// What an inspect told about a running container.
    struct Inspection {
        var containerID: String
        var ports: [GitspaceStatus.Port]
        var nanoCPUs: Int64
        var memory: Int64
        var volumes: [String] = []
    }

    /// What `record(outcome:now:)` made of an action's outcome, for the log and the event.
    enum Recorded: Equatable {
        case applied
        /// `blocked`: a guard holds the Gitspace (a dirty workspace on a branch switch), not a fault.
        case failed(error: String, blocked: Bool, retryIn: Duration)
    }

    var attempted: Loaded?
    var lastGood: (commit: String, desired: DesiredState)?
    var lastApplied: String?
    var fetchError: String?
    var lastFetchAt: Date?
    var refusal: String?
    /// The Gitspaces a refused plan would delete.
    var held: Set<String> = []
    var reconcileError: String?
    var engineDown = false
    var passes = 0
    var backoff = Backoff()
    var lastErrors: [String: String] = [:]
    var blocked: [String: String] = [:]
    /// Gitspaces no node can take yet, with the placement's refusal.
    var unplaced: [String: String] = [:]
    /// The spec and run state each Gitspace was last converged to: a later action without a change
    /// here is drift.
    var converged: [String: (spec: ResolvedSpec, running: Bool)] = [:]
    var drift: [String: String] = [:]
    var phases: [String: (GitspacePhase, Date)] = [:]
    var inspected: [String: Inspection] = [:]
    var inspectCursor = 0
    var retained: [String: String] = [:]
    /// Interrupted deletes the last pass could not finish, shown in status until one does.
    var interrupted: [String] = []
    var cache = ManifestCache()
    /// The plan last applied (guards and backoff may have left actions of it out), for the dashboard.
    var lastPlan: Plan?
    /// The plan of the commit in force that a guard refused, while it is refused.
    var refusedPlan: Plan?
    var loads = 0
    /// Activity per running Gitspace with an idle timeout.
    var idle = IdleWatch()
    /// Where each Gitspace's node is and which are down (a swarm); nil on one engine.
    var nodes: NodeReport?

    /// The most retained workspaces remembered for status.
    static let retainedKept = 100

    /// Folds an action's outcome into memory: its backoff, last error and blocked state, what it converged
    /// to, and where a deleted Gitspace's workspace was kept. The one place an outcome is interpreted.
    mutating func record(outcome: ActionOutcome, now: ContinuousClock.Instant) -> Recorded {
        let action = outcome.action
        let name = action.name
        if let failure = outcome.error {
            let delay = backoff.failed(name, now: now)
            let error = failure.description
            lastErrors[name] = error
            let isBlocked = failure.code == .blocked
            if isBlocked { blocked[name] = failure.message }
            unplaced[name] = failure.code == .pending ? failure.message : nil
            return .failed(error: error, blocked: isBlocked, retryIn: delay)
        }
        backoff.succeeded(name)
        lastErrors[name] = nil
        blocked[name] = nil
        unplaced[name] = nil
        if action.kind == .delete {
            converged[name] = nil
            drift[name] = nil
            if case .retained(let path, _) = outcome.workspace {
                retained[name] = path
                if retained.count > Self.retainedKept, let any = retained.keys.first(where: { $0 != name }) {
                    retained[any] = nil
                }
            }
        } else if let spec = action.spec {
            converged[name] = (spec, action.running)
            retained[name] = nil
        }
        return .applied
    }

    /// Gitspaces the plan leaves alone are converged to what the engine holds: their errors are over. Those
    /// neither declared nor on the engine are forgotten.
    mutating func recordConverged(desired: DesiredState, observation: Observation, actedOn: Set<String>) {
        for gitspace in desired.gitspaces where !actedOn.contains(gitspace.name) {
            if let observed = observation.gitspaces.first(where: { $0.name == gitspace.name }) {
                converged[gitspace.name] = (observed.spec, observed.running)
            }
            lastErrors[gitspace.name] = nil
            blocked[gitspace.name] = nil
            unplaced[gitspace.name] = nil
        }
        let declared = Set(desired.gitspaces.map(\.name))
        for name in Array(converged.keys) where !declared.contains(name) && observation.containers[name] == nil {
            converged[name] = nil
        }
    }
}
