import GitspacesCore
import Logging
import NIOConcurrencyHelpers
import Reconciler
import Shared

extension DaemonReconciler {
    /// Applies what the plan and the drift detector select, folds each outcome into memory, and reports it
    /// as metrics, logs and events.
    func apply(
        _ reconciliation: Reconciliation, desired: DesiredState, commit: String, memory: inout LoopMemory
    ) async {
        let declared = Set(desired.gitspaces.map(\.name))
        memory.backoff.keep(only: declared)
        let (actions, onDownNodes) = holdOnDownNodes(reconciliation.plan.actions, memory: memory)
        let decision = DriftDetector(selfHeal: configuration.selfHeal).decide(
            actions: actions, desired: desired, observation: reconciliation.observation,
            memory: memory, now: .now)
        for action in decision.skipped { metrics.action(kind: action.kind.rawValue, result: "skipped") }
        for report in decision.reports {
            let message = EventWording.drifted(report.drift, selfHeal: configuration.selfHeal)
            await record(report.name, .warning, "Drifted", message, commit: commit)
        }
        memory.drift = decision.drift
        for name in decision.reinspect { memory.inspected[name] = nil }
        memory.recordConverged(desired: desired, observation: reconciliation.observation, actedOn: decision.actedOn)
        forgetConverged(onDownNodes, memory: &memory)
        guard !decision.selected.isEmpty else { return }
        if shared.withLockedValue({ $0.report == nil }) {
            // A first pass can take minutes (clones, image builds): show what it is doing instead of no status.
            var early = StatusBuilder.Input(desired: desired, observation: reconciliation.observation)
            early.sources = reconciliation.sources
            early.unresolved = reconciliation.unresolved
            early.inFlight = Set(decision.selected.map(\.name))
            publish(memory: &memory, early)
        }
        let creates = decision.selected.filter { $0.kind == .create || $0.kind == .replace }
        await setAsideInterruptedClones(creates.map(\.name), commit: commit)
        let outcomes = await run(decision.selected, reconciliation: reconciliation, commit: commit)
        for outcome in outcomes {
            let action = outcome.action
            var metadata: Logger.Metadata = [
                "gitspaces.name": "\(action.name)", "gitspaces.commit": "\(commit)",
                "gitspaces.action": "\(action.kind.rawValue)",
            ]
            switch memory.record(outcome: outcome, now: .now) {
            case .failed(let error, let blocked, let delay):
                metrics.action(kind: action.kind.rawValue, result: "failure")
                metadata["error"] = "\(error)"
                metadata["retry_in_seconds"] = "\(delay.inSeconds)"
                logger.warning("action failed", metadata: metadata)
                await record(
                    action.name, .warning, EventWording.failureReason(blocked: blocked),
                    EventWording.failed(action.kind, error: error, retryIn: delay), commit: commit)
            case .applied:
                metrics.action(kind: action.kind.rawValue, result: "success")
                logger.info("applied", metadata: metadata)
                await record(
                    action.name, .normal, EventWording.reason(action.kind), EventWording.message(outcome),
                    commit: commit)
            }
        }
        await finishInterruptedDeletes(
            keeping: declared.union(reconciliation.observation.containers.keys), commit: commit, memory: &memory)
    }

    /// Runs the actions through the executor in batches of `parallelism` (which the executor runs at once), so
    /// that a shutdown stops between batches: what is under way finishes, nothing new starts. One executor
    /// call per batch keeps its per-pass bookkeeping (ports, for one) consistent within the batch, and the
    /// engine holds the previous batches' results.
    private func run(_ actions: [PlanAction], reconciliation: Reconciliation, commit: String) async -> [ActionOutcome] {
        let parallelism = max(1, configuration.parallelism)
        var executor = ApplyExecutor(
            runtime: runtime, instance: configuration.instance,
            records: records,
            commit: commit, parallelism: parallelism, unresolved: reconciliation.unresolved,
            sources: reconciliation.sources, workspaces: workspaceStore, bindAddress: configuration.bindAddress)
        executor.building = { name, image in
            self.shared.withLockedValue { $0.building[name] = image }
            // An event too: a build can start and end between two looks at the status.
            guard let image else { return }
            Task { await self.record(name, .normal, "Building", EventWording.building(image), commit: commit) }
        }
        executor.credentialsDirectory = configuration.credentialsDirectory
        var pending = ApplyExecutor.order(actions)[...]
        var outcomes: [ActionOutcome] = []
        while !pending.isEmpty, !shuttingDown {
            let batch = Array(pending.prefix(parallelism))
            pending = pending.dropFirst(batch.count)
            shared.withLockedValue { $0.inFlight.formUnion(batch.map(\.name)) }
            outcomes += await executor.apply(Plan(actions: batch), observation: reconciliation.observation) { outcome in
                self.shared.withLockedValue { _ = $0.inFlight.remove(outcome.action.name) }
            }
            shared.withLockedValue { $0.inFlight.subtract(batch.map(\.name)) }
        }
        return outcomes
    }

    /// Finishes the deletes an earlier pass left undone (killed midway): their workspaces are kept in `retained/`
    /// and their images removed, each reported as an event.
    private func finishInterruptedDeletes(keeping: Set<String>, commit: String, memory: inout LoopMemory) async {
        memory.interrupted = []
        let store = workspaceStore
        for (name, outcome) in await BlockingWork.run({ store.finishInterruptedDeletes(keeping: keeping) }) {
            switch outcome {
            case .success(let disposal):
                if case .retained(let path, _) = disposal { memory.retained[name] = path }
                logger.info("finished an interrupted delete", metadata: ["gitspaces.name": "\(name)"])
                await record(
                    name, .normal, "Deleted", EventWording.interruptedDeleteFinished(disposal), commit: commit)
            case .failure(let error):
                memory.interrupted.append(name)
                logger.error(
                    "finishing an interrupted delete failed",
                    metadata: ["gitspaces.name": "\(name)", "error": "\(error)"])
                await record(name, .warning, "Failed", EventWording.interruptedDeleteFailed(error), commit: commit)
            }
        }
    }

    /// Workspaces whose clone a crash interrupted are set aside before their Gitspaces are created again.
    private func setAsideInterruptedClones(_ names: [String], commit: String) async {
        guard !names.isEmpty else { return }
        let recovery = CloneRecovery(store: workspaceStore)
        let setAside = await BlockingWork.run { recovery.setAsideInterruptedClones(names) }
        for (name, result) in setAside.sorted(by: { $0.key < $1.key }) {
            let what: String
            switch result {
            case .success(let disposal): what = disposal.description
            case .failure(let error): what = "could not be moved aside: \(error)"
            }
            logger.warning(
                "an interrupted clone was set aside", metadata: ["gitspaces.name": "\(name)", "workspace": "\(what)"])
            await record(name, .warning, "Recovered", EventWording.cloneSetAside(what), commit: commit)
        }
    }
}
