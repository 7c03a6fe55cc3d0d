public import DockerEngine
import Foundation
import GitKit
import GitspacesCore
public import Logging
import NIOConcurrencyHelpers
import Reconciler
import Redaction
public import ServiceLifecycle

/// The reconcile loop, a `Service`: fetch the config repository, load the manifests at the fetched commit,
/// plan against the engine, apply; then wait for the interval (with jitter), a webhook, or a Gitspace's
/// backoff to end. Level-triggered: every pass recomputes desired and actual from scratch, so a restart
/// (after a crash too) converges from whatever the engine holds.
public final class DaemonReconciler: Service, Sendable {
    public let configuration: DaemonConfiguration
    public let docker: DockerClient
    public let metrics: DaemonMetrics
    public let events: EventLog
    let logger: Logger
    let wakeup = Wakeup()
    private let shared = NIOLockedValueBox(Shared())

    /// What the HTTP server reads while the loop runs.
    struct Shared: Sendable {
        var report: StatusReport?
        var inFlight: Set<String> = []
        var shuttingDown = false
        var lastLoopActivity = ContinuousClock.now
    }

    public init(configuration: DaemonConfiguration, docker: DockerClient, logger: Logger) {
        self.configuration = configuration
        self.docker = docker
        self.logger = logger
        metrics = DaemonMetrics()
        events = EventLog(
            stateDirectory: configuration.stateDirectory, instance: configuration.instance, keep: configuration.eventsKept)
    }

    /// Asks for a pass now (a valid webhook call).
    public func trigger() { wakeup.fire() }

    /// The last published status; nil before the first pass ends.
    public var report: StatusReport? { shared.withLockedValue { $0.report } }

    /// Whether the loop has made a pass that reached the engine, and the last one did.
    public var isReady: Bool { shared.withLockedValue { $0.report?.daemon.ready ?? false } }

    /// Whether the loop is alive: it has woken within a generous bound of its interval.
    public var isHealthy: Bool {
        let last = shared.withLockedValue { $0.lastLoopActivity }
        let bound = max(configuration.interval * 10, .seconds(600))
        return ContinuousClock.now - last < bound
    }

    public func run() async throws {
        var memory = LoopMemory()
        logger.info(
            "reconciling", metadata: ["gitspaces.repo": "\(configuration.redactedRepo)", "gitspaces.instance": "\(configuration.instance)"])
        await withGracefulShutdownHandler {
            while !shared.withLockedValue({ $0.shuttingDown }) {
                shared.withLockedValue { $0.lastLoopActivity = .now }
                await pass(&memory)
                if shared.withLockedValue({ $0.shuttingDown }) { break }
                await wakeup.wait(timeout: nextWait(memory))
            }
        } onGracefulShutdown: {
            self.shared.withLockedValue { $0.shuttingDown = true }
            self.wakeup.fire()
        }
        logger.info("stopped: in-flight actions finished")
    }

    private func nextWait(_ memory: LoopMemory) -> Duration {
        let factor = 1 + Double.random(in: -configuration.jitter...configuration.jitter)
        var wait = configuration.interval * factor
        // An engine that did not answer is retried sooner than a full interval.
        if memory.engineDown { wait = min(wait, .seconds(2)) }
        let now = ContinuousClock.now
        if let retry = memory.backoff.nextRetry(after: now) { wait = min(wait, max(retry - now, .milliseconds(10))) }
        return max(wait, .milliseconds(10))
    }

    // MARK: - One pass

    /// What the loop remembers between passes. Nothing here gates an action: it only tells drift from a
    /// config change and spaces retries; losing it (a restart) costs at most one repeated attempt.
    struct LoopMemory {
        struct Loaded {
            var commit: String
            var desired: DesiredState?
            var errors: [String]
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
        var loads = 0
    }

    /// What an inspect told about a running container.
    struct Inspection {
        var containerID: String
        var ports: [GitspaceStatus.Port]
        var nanoCPUs: Int64
        var memory: Int64
        var volumes: [String] = []
    }

    func pass(_ memory: inout LoopMemory) async {
        let start = ContinuousClock.now
        memory.passes += 1
        // The whole pass writes state (the config mirror, source mirrors, workspaces): one writer at a time.
        let stateLock: StateLock
        do {
            let logger = logger
            stateLock = try await StateLock.acquire(
                stateDirectory: configuration.stateDirectory, command: "daemon", timeout: configuration.lockTimeout,
                waiting: { holder in
                    let who = holder.map { "\($0)" } ?? "unknown"
                    logger.info("waiting for the state lock", metadata: ["holder": "\(who)"])
                },
                tookOver: { holder in
                    logger.warning("took over the state lock left by a process that ended without releasing it",
                        metadata: ["holder": "\(holder)"])
                })
        } catch {
            memory.reconcileError = error.message
            logger.warning("pass skipped", metadata: ["error": "\(error.message)"])
            publish(
                memory: &memory, desired: memory.lastGood?.desired, observation: nil, sources: [:], unresolved: [:])
            return
        }
        defer { withExtendedLifetime(stateLock) {} }
        await fetch(&memory)
        var failed = false
        var inForce: (commit: String, desired: DesiredState)?
        if let attempted = memory.attempted, let desired = attempted.desired {
            inForce = (attempted.commit, desired)
        } else {
            inForce = memory.lastGood
        }
        var observation: Observation?
        var sources: [String: ResolvedSource] = [:]
        var unresolved: [String: String] = [:]
        if var candidate = inForce {
            do {
                var reconciliation = try await prepare(candidate.desired)
                if let refusal = reconciliation.plan.refusal {
                    memory.refusal = "\(candidate.commit.prefix(12)): \(refusal.message)"
                    memory.held = Set(reconciliation.plan.actions.filter { $0.kind == .delete }.map(\.name))
                    logger.warning(
                        "plan refused", metadata: ["gitspaces.commit": "\(candidate.commit)", "reason": "\(refusal.message)"])
                    if let good = memory.lastGood, good.commit != candidate.commit {
                        candidate = good
                        reconciliation = try await prepare(good.desired)
                    }
                } else {
                    memory.refusal = nil
                    memory.held = []
                }
                if !reconciliation.plan.isRefused {
                    if memory.lastApplied != candidate.commit {
                        logger.info("applying config", metadata: ["gitspaces.commit": "\(candidate.commit)"])
                    }
                    memory.lastGood = candidate
                    memory.lastApplied = candidate.commit
                    await apply(reconciliation, desired: candidate.desired, commit: candidate.commit, memory: &memory)
                }
                sources = reconciliation.sources
                unresolved = reconciliation.unresolved
                observation = try await observeEngine()
                memory.reconcileError = nil
                memory.engineDown = false
            } catch {
                failed = true
                memory.engineDown = true
                memory.reconcileError = Self.describe(error)
                logger.error("pass failed", metadata: ["error": "\(memory.reconcileError ?? "")"])
            }
        } else {
            do {
                observation = try await observeEngine()
                memory.engineDown = false
                memory.reconcileError = nil
            } catch {
                failed = true
                memory.engineDown = true
                memory.reconcileError = Self.describe(error)
            }
        }
        if let observation { await inspectRunning(observation, memory: &memory) }
        let elapsed = ContinuousClock.now - start
        metrics.reconciled(seconds: elapsed.inSeconds, failed: failed)
        publish(
            memory: &memory, desired: memory.lastGood?.desired, observation: observation, sources: sources,
            unresolved: unresolved)
        logger.debug("pass done", metadata: ["seconds": "\(elapsed.inSeconds)"])
    }

    private func prepare(_ desired: DesiredState) async throws -> Reconciliation {
        try await Reconciliation.prepare(
            desired: desired, docker: docker, instance: configuration.instance,
            stateDirectory: configuration.stateDirectory, credentialsDirectory: configuration.credentialsDirectory,
            allowMassDelete: configuration.allowMassDelete, localEnv: configuration.localEnv,
            insecureRegistries: configuration.insecureRegistries)
    }

    /// Fetches the config repository and loads the manifests at the fetched commit, once per new commit.
    private func fetch(_ memory: inout LoopMemory) async {
        let start = ContinuousClock.now
        let configuration = configuration
        let result = await offPool { () -> Result<ConfigSnapshot, ConfigSourceError> in
            let reader = ConfigReader(mirrorsDirectory: configuration.stateDirectory + "/mirrors")
            return Result { () throws(ConfigSourceError) in
                try reader.read(repo: configuration.repo, revisions: [configuration.revision], path: configuration.path)[0]
            }
        }
        let seconds = (ContinuousClock.now - start).inSeconds
        switch result {
        case .failure(let error):
            metrics.fetched(seconds: seconds, failed: true)
            let message = Redact.text(error.message, quoting: configuration.repo)
            if memory.fetchError != message {
                logger.error("fetching the config repository failed", metadata: ["error": "\(message)"])
            }
            memory.fetchError = message
        case .success(let snapshot):
            metrics.fetched(seconds: seconds, failed: false)
            memory.fetchError = nil
            memory.lastFetchAt = Date()
            let commit = snapshot.commit ?? "unknown"
            guard memory.attempted?.commit != commit else { return }
            do {
                let desired = try ManifestLoader.load(snapshot.files, cache: memory.cache)
                memory.attempted = LoopMemory.Loaded(commit: commit, desired: desired, errors: [])
                logger.info(
                    "new config commit", metadata: ["gitspaces.commit": "\(commit)", "gitspaces.count": "\(desired.gitspaces.count)"])
            } catch {
                let errors = error.diagnostics.map(\.description)
                memory.attempted = LoopMemory.Loaded(commit: commit, desired: nil, errors: errors)
                metrics.configRejected()
                logger.error(
                    "config commit does not validate: not applied, the last good commit stays in force",
                    metadata: [
                        "gitspaces.commit": "\(commit)", "errors": "\(errors.count)",
                        "first": "\(errors.first ?? "")",
                    ])
            }
            // Unchanged files are decoded once across commits; a fresh cache now and then bounds its memory.
            memory.loads += 1
            if memory.loads % 20 == 0 { memory.cache = ManifestCache() }
        }
    }

    // MARK: - Applying

    private func apply(
        _ reconciliation: Reconciliation, desired: DesiredState, commit: String, memory: inout LoopMemory
    ) async {
        let now = ContinuousClock.now
        let declared = Dictionary(desired.gitspaces.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        memory.backoff.keep(only: Set(declared.keys))
        var selected: [PlanAction] = []
        var actedOn = Set<String>()
        for action in reconciliation.plan.actions {
            actedOn.insert(action.name)
            if let drift = driftDescription(action, memory: memory) {
                if memory.drift[action.name] != drift {
                    let healing = configuration.selfHeal ? "; correcting it" : "; self-heal is off, only reporting it"
                    record(action.name, .warning, "Drifted", drift + healing, commit: commit)
                }
                memory.drift[action.name] = drift
                if !configuration.selfHeal {
                    metrics.action(kind: action.kind.rawValue, result: "skipped")
                    continue
                }
            } else {
                memory.drift[action.name] = nil
            }
            if memory.backoff.waiting(action.name, now: now) != nil {
                metrics.action(kind: action.kind.rawValue, result: "skipped")
                continue
            }
            selected.append(action)
        }
        selected += hardwareCorrections(reconciliation, excluding: actedOn, memory: &memory, commit: commit)
        // Gitspaces with nothing to do are converged to what is declared.
        for gitspace in desired.gitspaces where !actedOn.contains(gitspace.name) {
            if let observed = reconciliation.observation.gitspaces.first(where: { $0.name == gitspace.name }) {
                memory.converged[gitspace.name] = (observed.spec, observed.running)
            }
            memory.lastErrors[gitspace.name] = nil
            memory.blocked[gitspace.name] = nil
            if memory.drift[gitspace.name] != nil, configuration.selfHeal { memory.drift[gitspace.name] = nil }
        }
        for name in Array(memory.converged.keys) where declared[name] == nil && reconciliation.observation.containers[name] == nil {
            memory.converged[name] = nil
        }
        guard !selected.isEmpty else { return }
        await setAsideInterruptedClones(selected.filter { $0.kind == .create || $0.kind == .replace }, commit: commit)
        let outcomes = await run(selected, reconciliation: reconciliation, commit: commit)
        for outcome in outcomes {
            let action = outcome.action
            let name = action.name
            var metadata: Logger.Metadata = [
                "gitspaces.name": "\(name)", "gitspaces.commit": "\(commit)", "gitspaces.action": "\(action.kind.rawValue)",
            ]
            if let failure = outcome.error {
                let error = failure.description
                metrics.action(kind: action.kind.rawValue, result: "failure")
                let delay = memory.backoff.failed(name, now: .now)
                memory.lastErrors[name] = error
                if failure.code == .blocked { memory.blocked[name] = failure.message }
                metadata["error"] = "\(error)"
                metadata["retry_in_seconds"] = "\(delay.inSeconds)"
                logger.warning("action failed", metadata: metadata)
                record(
                    name, .warning, failure.code == .blocked ? "Blocked" : "Failed",
                    "\(action.kind.rawValue) failed: \(error) (retrying in \(Self.format(delay)))", commit: commit)
            } else {
                metrics.action(kind: action.kind.rawValue, result: "success")
                memory.backoff.succeeded(name)
                memory.lastErrors[name] = nil
                memory.blocked[name] = nil
                if action.kind == .delete {
                    memory.converged[name] = nil
                    memory.drift[name] = nil
                    if case .retained(let path, _) = outcome.workspace {
                        memory.retained[name] = path
                        if memory.retained.count > 100, let any = memory.retained.keys.first(where: { $0 != name }) {
                            memory.retained[any] = nil
                        }
                    }
                } else if let spec = action.spec {
                    memory.converged[name] = (spec, action.running)
                    memory.retained[name] = nil
                }
                logger.info("applied", metadata: metadata)
                record(name, .normal, Self.reason(action.kind), Self.message(outcome), commit: commit)
            }
        }
        finishInterruptedDeletes(
            keeping: Set(declared.keys).union(reconciliation.observation.containers.keys), commit: commit,
            memory: &memory)
    }

    /// Finishes the deletes an earlier pass left undone (killed midway): their workspaces are kept in `retained/`
    /// and their images removed, each reported as an event.
    private func finishInterruptedDeletes(keeping: Set<String>, commit: String, memory: inout LoopMemory) {
        let store = WorkspaceStore(
            stateDirectory: configuration.stateDirectory, instance: configuration.instance, disk: configuration.disk)
        memory.interrupted = []
        for (name, outcome) in store.finishInterruptedDeletes(keeping: keeping) {
            switch outcome {
            case .success(let disposal):
                if case .retained(let path, _) = disposal { memory.retained[name] = path }
                logger.info("finished an interrupted delete", metadata: ["gitspaces.name": "\(name)"])
                record(name, .normal, "Deleted", "finished an interrupted delete: \(disposal)", commit: commit)
            case .failure(let error):
                memory.interrupted.append(name)
                logger.error(
                    "finishing an interrupted delete failed",
                    metadata: ["gitspaces.name": "\(name)", "error": "\(error)"])
                record(name, .warning, "Failed", "finishing an interrupted delete failed: \(error)", commit: commit)
            }
        }
    }

    /// The engine as it is now, for status (after a pass's actions, or instead of a pass).
    private func observeEngine() async throws -> Observation {
        try await EngineObserver(
            docker: docker, instance: configuration.instance,
            records: AppliedRecords(stateDirectory: configuration.stateDirectory, instance: configuration.instance)
        ).observe()
    }

    /// Runs the actions through the executor in batches of `parallelism` (which the executor runs at once), so
    /// that a shutdown stops between batches: what is under way finishes, nothing new starts. One executor
    /// call per batch keeps its per-pass bookkeeping (ports, for one) consistent within the batch, and the
    /// engine holds the previous batches' results.
    private func run(_ actions: [PlanAction], reconciliation: Reconciliation, commit: String) async -> [ActionOutcome] {
        let parallelism = max(1, configuration.parallelism)
        let executor = ApplyExecutor(
            docker: docker, instance: configuration.instance,
            records: AppliedRecords(stateDirectory: configuration.stateDirectory, instance: configuration.instance),
            commit: commit, parallelism: parallelism, unresolved: reconciliation.unresolved,
            sources: reconciliation.sources,
            workspaces: WorkspaceStore(
                stateDirectory: configuration.stateDirectory, instance: configuration.instance, disk: configuration.disk),
            bindAddress: configuration.bindAddress)
        // Free resources first, as the executor does.
        var pending = (actions.filter { $0.kind == .delete || $0.kind == .stop }
            + actions.filter { $0.kind != .delete && $0.kind != .stop })[...]
        var outcomes: [ActionOutcome] = []
        while !pending.isEmpty, !shared.withLockedValue({ $0.shuttingDown }) {
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

    /// A crash (kill -9) during a workspace's clone leaves a repository whose HEAD has no commit, which no
    /// later fetch repairs. Such a workspace is moved to the retained folder (never deleted: it is checked,
    /// not assumed, to hold nothing) so that the create clones it afresh.
    private func setAsideInterruptedClones(_ actions: [PlanAction], commit: String) async {
        guard !actions.isEmpty else { return }
        let store = WorkspaceStore(
            stateDirectory: configuration.stateDirectory, instance: configuration.instance, disk: configuration.disk)
        let names = actions.map(\.name)
        let setAside = await offPool { () -> [String: String] in
            var moved: [String: String] = [:]
            for name in names {
                let path = store.path(for: name)
                guard FileManager.default.fileExists(atPath: path + "/.git"),
                    let repository = try? Repository.open(at: path),
                    (try? repository.resolveCommit("HEAD")) == nil
                else { continue }
                switch Result(catching: { try store.dispose(name: name, policy: .retain) }) {
                case .success(let disposal): moved[name] = disposal.description
                case .failure(let error): moved[name] = "could not be moved aside: \(error)"
                }
            }
            return moved
        }
        for (name, what) in setAside.sorted(by: { $0.key < $1.key }) {
            logger.warning(
                "an interrupted clone was set aside", metadata: ["gitspaces.name": "\(name)", "workspace": "\(what)"])
            record(name, .warning, "Recovered", "the workspace's clone was interrupted (a crash?): \(what)", commit: commit)
        }
    }

    /// Why an action is drift rather than a config change: its Gitspace was converged to exactly what is
    /// declared now, yet the engine differs. nil for config changes (and after a restart, when nothing is known).
    private func driftDescription(_ action: PlanAction, memory: LoopMemory) -> String? {
        guard let converged = memory.converged[action.name], let spec = action.spec, converged.spec == spec,
            converged.running == action.running
        else { return nil }
        switch action.kind {
        case .create: return "its container was removed outside gitspaces"
        case .start: return "its container was stopped outside gitspaces"
        case .stop: return "its container was started outside gitspaces"
        default: return nil
        }
    }

    /// Hand-made cpu or memory changes (`docker update`), seen by inspecting running containers, become
    /// in-place updates back to the declared values.
    private func hardwareCorrections(
        _ reconciliation: Reconciliation, excluding: Set<String>, memory: inout LoopMemory, commit: String
    ) -> [PlanAction] {
        var actions: [PlanAction] = []
        for observed in reconciliation.observation.gitspaces where !excluding.contains(observed.name) {
            guard let container = reconciliation.observation.containers[observed.name],
                let inspection = memory.inspected[observed.name], inspection.containerID == container.id
            else { continue }
            var changes: [FieldChange] = []
            if inspection.nanoCPUs != observed.spec.hardware.cpus.nanoCPUs {
                changes.append(
                    FieldChange(
                        field: "hardware.cpus", old: String(Double(inspection.nanoCPUs) / 1e9),
                        new: "\(observed.spec.hardware.cpus)"))
            }
            if inspection.memory != observed.spec.hardware.memory.bytes {
                changes.append(
                    FieldChange(field: "hardware.memory", old: "\(inspection.memory)", new: "\(observed.spec.hardware.memory)"))
            }
            guard !changes.isEmpty else { continue }
            let drift = "its " + changes.map(\.field).joined(separator: " and ") + " were changed outside gitspaces"
            if memory.drift[observed.name] != drift {
                let healing = configuration.selfHeal ? "; correcting it" : "; self-heal is off, only reporting it"
                record(observed.name, .warning, "Drifted", drift + healing, commit: commit)
            }
            memory.drift[observed.name] = drift
            // The next inspection tells whether the correction held.
            memory.inspected[observed.name] = nil
            guard configuration.selfHeal else { continue }
            actions.append(
                PlanAction(kind: .update, name: observed.name, changes: changes, spec: observed.spec, running: observed.running))
        }
        return actions
    }

    /// Inspects running containers not seen yet, and a few others in turn: their ports, and their cpu and
    /// memory as the engine has them.
    private func inspectRunning(_ observation: Observation, memory: inout LoopMemory) async {
        let running = observation.containers.values.filter(\.running).sorted { $0.name < $1.name }
        memory.inspected = memory.inspected.filter { name, inspection in
            observation.containers[name]?.id == inspection.containerID && observation.containers[name]?.running == true
        }
        var targets = running.filter { memory.inspected[$0.name] == nil }.prefix(configuration.inspectionsPerPass * 4)
            .map { $0 }
        let known = running.filter { memory.inspected[$0.name] != nil }
        if !known.isEmpty {
            for offset in 0..<min(configuration.inspectionsPerPass, known.count) {
                targets.append(known[(memory.inspectCursor + offset) % known.count])
            }
            memory.inspectCursor = (memory.inspectCursor + configuration.inspectionsPerPass) % max(known.count, 1)
        }
        for container in targets {
            guard let details = try? await docker.inspect(container.id) else { continue }
            let ports = details.ports.sorted { $0.key < $1.key }.flatMap { port, bindings in
                bindings.isEmpty
                    ? [GitspaceStatus.Port(container: port, hostIP: nil, hostPort: nil)]
                    : bindings.map { GitspaceStatus.Port(container: port, hostIP: $0.hostIP, hostPort: $0.hostPort) }
            }
            memory.inspected[container.name] = Inspection(
                containerID: container.id, ports: ports, nanoCPUs: details.hostConfig.nanoCPUs,
                memory: details.hostConfig.memory, volumes: details.namedVolumes)
        }
    }

    // MARK: - Status

    private func publish(
        memory: inout LoopMemory, desired: DesiredState?, observation: Observation?, sources: [String: ResolvedSource],
        unresolved: [String: String]
    ) {
        var daemon = StatusReport.DaemonState(
            repo: configuration.redactedRepo, branch: configuration.branch, path: configuration.path,
            instance: configuration.instance, selfHeal: configuration.selfHeal)
        daemon.lastAttemptedRevision = memory.attempted?.commit
        daemon.lastAppliedRevision = memory.lastApplied
        daemon.lastFetchAt = memory.lastFetchAt
        daemon.fetchError = memory.fetchError
        daemon.configErrors = memory.attempted?.errors ?? []
        daemon.refusal = memory.refusal
        daemon.reconcileError = memory.reconcileError
        daemon.lastReconcileAt = Date()
        daemon.passes = memory.passes
        // Ready: the engine answered and a config commit is in force.
        daemon.ready = observation != nil && memory.lastGood != nil
        daemon.retainedWorkspaces = memory.retained.isEmpty ? nil : memory.retained
        daemon.interruptedDeletes = memory.interrupted.isEmpty ? nil : memory.interrupted

        guard let observation else {
            // The engine did not answer: keep showing what was last seen, with the daemon's error.
            let previous = shared.withLockedValue { $0.report?.gitspaces } ?? []
            shared.withLockedValue { $0.report = StatusReport(daemon: daemon, gitspaces: previous) }
            return
        }
        let inFlight = shared.withLockedValue { $0.inFlight }
        let now = ContinuousClock.now
        var entries: [GitspaceStatus] = []
        let declared = Dictionary(
            (desired?.gitspaces ?? []).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let names = Set(declared.keys).union(observation.containers.keys)
        var phaseCounts: [String: Int] = [:]
        for name in names.sorted() {
            let gitspace = declared[name]
            let container = observation.containers[name]
            let wantRunning = gitspace.map { $0.state == .running }
            var phase: GitspacePhase
            var ready = GitspaceStatus.Condition(status: false, reason: "Pending", message: nil)
            let waiting = memory.backoff.waiting(name, now: now)
            if inFlight.contains(name) {
                phase = .creating
                ready.reason = "Creating"
            } else if let blocked = memory.blocked[name] {
                phase = .blocked
                ready = .init(status: false, reason: "Blocked", message: blocked)
            } else if let error = memory.lastErrors[name] {
                phase = .failed
                ready = .init(status: false, reason: waiting == nil ? "ActionFailed" : "BackingOff", message: error)
            } else if let container {
                phase = container.running ? .running : .stopped
                if gitspace == nil {
                    ready = .init(status: false, reason: "NotDeclared", message: "not in the manifests: awaiting deletion")
                } else if let drift = memory.drift[name] {
                    ready = .init(status: false, reason: "Drifted", message: drift)
                } else if container.running == wantRunning {
                    ready = .init(status: true, reason: "Converged", message: nil)
                } else {
                    ready = .init(status: false, reason: "Pending", message: nil)
                }
            } else {
                phase = .pending
                if let drift = memory.drift[name] {
                    ready = .init(status: false, reason: "Drifted", message: drift)
                } else if let reason = unresolved[name] {
                    ready = .init(status: false, reason: "SourceUnresolved", message: reason)
                }
            }
            if memory.held.contains(name), container != nil {
                phase = .blocked
                ready = .init(status: false, reason: "Blocked", message: memory.refusal)
            }
            let since: Date
            if let previous = memory.phases[name], previous.0 == phase {
                since = previous.1
            } else {
                since = Date()
                memory.phases[name] = (phase, since)
            }
            phaseCounts[phase.rawValue, default: 0] += 1
            let workspacePath = WorkspaceStore(stateDirectory: configuration.stateDirectory, instance: configuration.instance)
                .path(for: name)
            entries.append(
                GitspaceStatus(
                    name: name, phase: phase, ready: ready, declared: gitspace != nil,
                    desiredState: gitspace?.state.rawValue, containerState: container?.state,
                    appliedCommit: container?.commit, sourceCommit: sources[name]?.commit,
                    branch: sources[name]?.branch ?? gitspace?.branch, lastError: memory.lastErrors[name],
                    retryInSeconds: waiting.map { ($0.retryAt - now).inSeconds }, drift: memory.drift[name],
                    workspace: GitspaceStatus.Workspace(state: "unknown", path: workspacePath, reasons: nil),
                    ports: memory.inspected[name]?.ports ?? [], since: since, volumes: memory.inspected[name]?.volumes))
        }
        memory.phases = memory.phases.filter { names.contains($0.key) }
        metrics.setPhases(phaseCounts)
        let report = StatusReport(daemon: daemon, gitspaces: entries)
        shared.withLockedValue { $0.report = report }
    }

    // MARK: - Events and words

    private func record(_ name: String, _ kind: GitspaceEvent.Kind, _ reason: String, _ message: String, commit: String?) {
        events.record(GitspaceEvent(gitspace: name, kind: kind, reason: reason, message: message, commit: commit))
    }

    static func reason(_ kind: PlanAction.Kind) -> String {
        switch kind {
        case .create: "Created"
        case .start: "Started"
        case .update: "Updated"
        case .replace: "Replaced"
        case .stop: "Stopped"
        case .delete: "Deleted"
        }
    }

    static func message(_ outcome: ActionOutcome) -> String {
        let action = outcome.action
        var text: String
        switch action.kind {
        case .create: text = action.running ? "container created and started" : "container created (stopped, as declared)"
        case .start: text = "container started"
        case .stop: text = "container stopped"
        case .delete: text = "container removed"
        case .update, .replace:
            let fields = action.changes.map(\.field)
            let what = fields.isEmpty ? "" : " (" + Array(Set(fields)).sorted().joined(separator: ", ") + ")"
            text = (action.kind == .update ? "updated in place" : "container recreated, workspace kept") + what
        }
        if let note = outcome.note { text += "; " + note }
        return text + String(format: " in %.1f s", outcome.seconds)
    }

    static func format(_ duration: Duration) -> String {
        let seconds = duration.inSeconds
        return seconds >= 60 ? String(format: "%.0f min", seconds / 60) : String(format: "%.0f s", seconds)
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? EngineError { return error.message.isEmpty ? "\(error)" : error.message }
        return "\(error)"
    }
}

extension Duration {
    var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

/// Runs blocking work (libgit2) off the cooperative pool.
func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(returning: work()) }
    }
}
