import Foundation
import GitspacesCore
import Reconciler

/// Builds the status report from what the loop knows: its memory, the desired state in force, the engine's
/// observation, the Gitspaces with an action under way, and the time. Pure: values in, values out.
struct StatusBuilder {
    var configuration: DaemonConfiguration

    struct Built {
        var report: StatusReport
        /// What the memory's phases become: each Gitspace's phase and since when.
        var phases: [String: (GitspacePhase, Date)]
        /// Gitspaces per phase, for the metrics; nil when the engine did not answer.
        var phaseCounts: [String: Int]?
    }

    /// The inputs of a pass besides the memory.
    struct Input {
        var desired: DesiredState?
        /// nil when the engine did not answer.
        var observation: Observation?
        var sources: [String: ResolvedSource] = [:]
        /// Gitspaces whose source could not be resolved, with why.
        var unresolved: [String: String] = [:]
        var inFlight: Set<String> = []
        /// The entries last published, kept while the engine does not answer.
        var previous: [GitspaceStatus] = []
        /// Gitspaces stopped for being idle, whose records hold.
        var idle: [String: IdleRecord] = [:]
    }

    func build(memory: LoopMemory, _ input: Input, now: ContinuousClock.Instant, date: Date) -> Built {
        let daemon = daemonState(memory: memory, ready: input.observation != nil && memory.lastGood != nil, date: date)
        guard let observation = input.observation else {
            // The engine did not answer: keep showing what was last seen, with the daemon's error.
            return Built(
                report: StatusReport(daemon: daemon, gitspaces: input.previous), phases: memory.phases, phaseCounts: nil
            )
        }
        let store = WorkspaceStore(stateDirectory: configuration.stateDirectory, instance: configuration.instance)
        let declared = Dictionary(
            (input.desired?.gitspaces ?? []).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let names = Set(declared.keys).union(observation.containers.keys)
        var phases = memory.phases
        var phaseCounts: [String: Int] = [:]
        var entries: [GitspaceStatus] = []
        for name in names.sorted() {
            let gitspace = declared[name]
            let container = observation.containers[name]
            let waiting = memory.backoff.waiting(name, now: now)
            var (phase, ready) = Self.phase(
                name, gitspace: gitspace, container: container, memory: memory, input: input, backingOff: waiting != nil
            )
            (phase, ready) = Self.idle(name, phase: phase, ready: ready, gitspace: gitspace, input: input)
            let since: Date
            if let previous = phases[name], previous.0 == phase {
                since = previous.1
            } else {
                since = date
                phases[name] = (phase, since)
            }
            phaseCounts[phase.rawValue, default: 0] += 1
            let source = input.sources[name]
            entries.append(
                GitspaceStatus(
                    name: name, phase: phase, ready: ready, declared: gitspace != nil,
                    desiredState: gitspace?.state.rawValue, containerState: container?.state,
                    appliedCommit: container?.commit, sourceCommit: source?.commit,
                    branch: source?.branch ?? gitspace?.branch, lastError: memory.lastErrors[name],
                    retryInSeconds: waiting.map { ($0.retryAt - now).inSeconds }, drift: memory.drift[name],
                    workspace: GitspaceStatus.Workspace(state: "unknown", path: store.path(for: name), reasons: nil),
                    ports: memory.inspected[name]?.ports ?? [], since: since, volumes: memory.inspected[name]?.volumes,
                    node: memory.nodes?.gitspaces[name]?.node))
        }
        for index in entries.indices {
            entries[index].dotfiles = GitspaceStatus.Dotfiles(observation.dotfiles[entries[index].name])
        }
        phases = phases.filter { names.contains($0.key) }
        return Built(report: StatusReport(daemon: daemon, gitspaces: entries), phases: phases, phaseCounts: phaseCounts)
    }

    /// A Gitspace's phase and ready condition. An action under way comes first, then a guard, then a failure;
    /// otherwise the container's state tells, and a declared Gitspace without one is pending.
    static func phase(
        _ name: String, gitspace: Gitspace?, container: ManagedContainer?, memory: LoopMemory, input: Input,
        backingOff: Bool
    ) -> (GitspacePhase, GitspaceStatus.Condition) {
        typealias Condition = GitspaceStatus.Condition
        var phase: GitspacePhase
        var ready = Condition(status: false, reason: "Pending", message: nil)
        if input.inFlight.contains(name) {
            phase = .creating
            ready.reason = "Creating"
        } else if let down = memory.nodes?.gitspaces[name]?.down {
            phase = .nodeDown
            ready = Condition(status: false, reason: "NodeDown", message: down.description)
        } else if let blocked = memory.blocked[name] {
            phase = .blocked
            ready = Condition(status: false, reason: "Blocked", message: blocked)
        } else if container == nil, let refusal = memory.unplaced[name] {
            phase = .pending
            ready = Condition(status: false, reason: "Unschedulable", message: refusal)
        } else if let error = memory.lastErrors[name] {
            phase = .failed
            ready = Condition(status: false, reason: backingOff ? "BackingOff" : "ActionFailed", message: error)
        } else if let container {
            phase = container.running ? .running : .stopped
            if gitspace == nil {
                ready = Condition(
                    status: false, reason: "NotDeclared", message: "not in the manifests: awaiting deletion")
            } else if let drift = memory.drift[name] {
                ready = Condition(status: false, reason: "Drifted", message: drift)
            } else if container.running == (gitspace?.state == .running) {
                ready = Condition(status: true, reason: "Converged", message: nil)
            }
        } else {
            phase = .pending
            if let drift = memory.drift[name] {
                ready = Condition(status: false, reason: "Drifted", message: drift)
            } else if let reason = input.unresolved[name] {
                ready = Condition(status: false, reason: "SourceUnresolved", message: reason)
            }
        }
        if memory.held.contains(name), container != nil {
            phase = .blocked
            ready = Condition(status: false, reason: "Blocked", message: memory.refusal)
        }
        return (phase, ready)
    }

    private func daemonState(memory: LoopMemory, ready: Bool, date: Date) -> StatusReport.DaemonState {
        var daemon = StatusReport.DaemonState(
            repo: configuration.redactedRepo, branch: configuration.branch, path: configuration.path,
            instance: configuration.instance, selfHeal: configuration.selfHeal)
        daemon.lastAttemptedRevision = memory.attempted?.commit
        daemon.lastAppliedRevision = memory.lastApplied
        daemon.lastFetchAt = memory.lastFetchAt
        daemon.fetchError = memory.fetchError
        daemon.configErrors = memory.attempted?.errors ?? []
        daemon.unverified = memory.attempted?.unverified
        daemon.refusal = memory.refusal
        daemon.reconcileError = memory.reconcileError
        daemon.lastReconcileAt = date
        daemon.passes = memory.passes
        // Ready: the engine answered and a config commit is in force.
        daemon.ready = ready
        daemon.retainedWorkspaces = memory.retained.isEmpty ? nil : memory.retained
        daemon.interruptedDeletes = memory.interrupted.isEmpty ? nil : memory.interrupted
        daemon.excludedNodes = memory.nodes.flatMap { $0.excluded.isEmpty ? nil : $0.excluded }
        return daemon
    }
}
