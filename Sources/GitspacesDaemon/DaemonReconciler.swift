import Foundation
import GitspacesCore
package import Logging
import NIOConcurrencyHelpers
package import Reconciler
package import ServiceLifecycle
import Shared

/// The reconcile loop, a `Service`: fetch the config repository, load the manifests at the fetched commit,
/// plan against the engine, apply; then wait for the interval (with jitter), a webhook, or a Gitspace's
/// backoff to end. Level-triggered: every pass recomputes desired and actual from scratch, so a restart
/// (after a crash too) converges from whatever the engine holds.
package final class DaemonReconciler: Service, Sendable {
    package let configuration: DaemonConfiguration
    package let runtime: any ContainerRuntime
    package let metrics: DaemonMetrics
    package let events: EventLog
    /// Every path under the state directory, and the stores on it: built once, used by every pass.
    package let layout: StateLayout
    let records: AppliedRecords
    let workspaceStore: WorkspaceStore
    let logger: Logger
    let wakeup = Wakeup()
    let shared = NIOLockedValueBox(SharedState())

    /// What the HTTP server reads while the loop runs.
    struct SharedState: Sendable {
        var report: StatusReport?
        var dashboard: DashboardSnapshot?
        var inFlight: Set<String> = []
        /// The image each Gitspace's action is building now, shown over the last report (`Building`).
        var building: [String: String] = [:]
        /// The repositories a webhook may name to ask for a pass: the config's and the declared sources'.
        var repositories: Set<String> = []
        var shuttingDown = false
        var lastLoopActivity = ContinuousClock.now
    }

    package init(configuration: DaemonConfiguration, runtime: any ContainerRuntime, logger: Logger) {
        self.configuration = configuration
        self.runtime = runtime
        self.logger = logger
        layout = StateLayout(stateDirectory: configuration.stateDirectory, instance: configuration.instance)
        records = AppliedRecords(layout: layout)
        workspaceStore = WorkspaceStore(layout: layout, disk: configuration.disk)
        metrics = DaemonMetrics()
        events = EventLog(
            stateDirectory: configuration.stateDirectory, instance: configuration.instance,
            keep: configuration.eventsKept)
    }

    /// Asks for a pass now (a valid webhook call).
    package func trigger() { wakeup.fire() }

    /// The last published status; nil until the first pass has planned (a first pass with actions publishes
    /// before it runs them, its Gitspaces `Creating`).
    package var report: StatusReport? { shared.withLockedValue { $0.report?.showingBuilds($0.building) } }

    /// The specs and pending plan of the last pass, for the dashboard; nil before the first pass ends.
    package var dashboard: DashboardSnapshot? { shared.withLockedValue { $0.dashboard } }

    /// Whether the loop has made a pass that reached the engine, and the last one did.
    package var isReady: Bool { shared.withLockedValue { $0.report?.daemon.ready ?? false } }

    /// Whether the loop is alive: it has woken within a generous bound of its interval.
    package var isHealthy: Bool {
        let last = shared.withLockedValue { $0.lastLoopActivity }
        let bound = max(configuration.interval * 10, .seconds(600))
        return ContinuousClock.now - last < bound
    }

    var shuttingDown: Bool { shared.withLockedValue { $0.shuttingDown } }

    package func run() async throws {
        var memory = LoopMemory()
        logger.info(
            "reconciling",
            metadata: [
                "gitspaces.repo": "\(configuration.redactedRepo)", "gitspaces.instance": "\(configuration.instance)",
            ])
        await withGracefulShutdownHandler {
            while !shuttingDown {
                shared.withLockedValue { $0.lastLoopActivity = .now }
                await pass(&memory)
                HeapRelease.trim()
                if shuttingDown { break }
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

    func pass(_ memory: inout LoopMemory) async {
        let start = ContinuousClock.now
        memory.passes += 1
        // The whole pass writes state (the config mirror, source mirrors, workspaces): one writer at a time.
        let stateLock: StateLock
        do {
            stateLock = try await acquireStateLock()
        } catch {
            memory.reconcileError = error.message
            logger.warning("pass skipped", metadata: ["error": "\(error.message)"])
            publish(memory: &memory, StatusBuilder.Input(desired: memory.lastGood?.desired, observation: nil))
            return
        }
        defer { withExtendedLifetime(stateLock) {} }
        // The layout brought to this release's format (migrations move files: off the pool), or the pass skipped
        // when a newer release took the state directory over.
        let stateDirectory = configuration.stateDirectory
        let prepared = await BlockingWork.run {
            Result { () throws(StateFormatError) in try StateFormat.prepare(stateDirectory: stateDirectory) }
        }
        switch prepared {
        case .success(let preparation):
            for step in preparation.migrated {
                logger.info("migrated the state directory", metadata: ["gitspaces.migration": "\(step)"])
            }
        case .failure(let error):
            memory.reconcileError = error.message
            logger.error("pass skipped", metadata: ["error": "\(error.message)"])
            publish(memory: &memory, StatusBuilder.Input(desired: memory.lastGood?.desired, observation: nil))
            return
        }
        await ConfigFollower(configuration: configuration, metrics: metrics, logger: logger).fetch(&memory)
        var input = StatusBuilder.Input(desired: nil, observation: nil)
        let inForce = ConfigFollower.inForce(memory)
        await refreshNodes(&memory)
        do {
            if let inForce { try await reconcile(inForce, memory: &memory, input: &input) }
            input.observation = try await observeEngine()
            memory.reconcileError = nil
            memory.engineDown = false
        } catch {
            memory.engineDown = true
            memory.reconcileError = ApplyError.describe(error)
            if inForce != nil { logger.error("pass failed", metadata: ["error": "\(memory.reconcileError ?? "")"]) }
        }
        if var observation = input.observation {
            input.idle = await watchIdle(&observation, memory: &memory)
            input.observation = observation
        }
        if let observation = input.observation { await inspectRunning(observation, memory: &memory) }
        if input.observation != nil, inForce != nil { await refreshNodes(&memory) }
        let elapsed = ContinuousClock.now - start
        metrics.reconciled(seconds: elapsed.inSeconds, failed: input.observation == nil)
        input.desired = memory.lastGood?.desired
        publish(memory: &memory, input)
        logger.debug("pass done", metadata: ["seconds": "\(elapsed.inSeconds)"])
    }

    /// Plans the commit in force against the engine and applies it; a refused plan falls back to the last
    /// good commit, if there is another one.
    private func reconcile(
        _ inForce: ConfigFollower.Candidate, memory: inout LoopMemory, input: inout StatusBuilder.Input
    ) async throws {
        var candidate = inForce
        var reconciliation = try await prepare(candidate.desired)
        if let refusal = reconciliation.plan.refusal {
            memory.refusal = "\(candidate.commit.prefix(12)): \(refusal.message)"
            memory.held = Set(reconciliation.plan.actions.filter { $0.kind == .delete }.map(\.name))
            memory.refusedPlan = reconciliation.plan
            logger.warning(
                "plan refused", metadata: ["gitspaces.commit": "\(candidate.commit)", "reason": "\(refusal.message)"])
            if let good = ConfigFollower.fallback(from: candidate, memory) {
                candidate = good
                reconciliation = try await prepare(good.desired)
            }
        } else {
            memory.refusal = nil
            memory.held = []
            memory.refusedPlan = nil
        }
        memory.lastPlan = reconciliation.plan.isRefused ? nil : reconciliation.plan
        if !reconciliation.plan.isRefused {
            if memory.lastApplied != candidate.commit {
                logger.info("applying config", metadata: ["gitspaces.commit": "\(candidate.commit)"])
            }
            memory.lastGood = candidate
            memory.lastApplied = candidate.commit
            await apply(reconciliation, desired: candidate.desired, commit: candidate.commit, memory: &memory)
        }
        input.sources = reconciliation.sources
        input.unresolved = reconciliation.unresolved
    }

    private func acquireStateLock() async throws(StateLock.Failure) -> StateLock {
        let logger = logger
        return try await StateLock.acquire(
            stateDirectory: configuration.stateDirectory, command: "daemon", timeout: configuration.lockTimeout,
            waiting: { holder in
                let who = holder.map { "\($0)" } ?? "unknown"
                logger.info("waiting for the state lock", metadata: ["holder": "\(who)"])
            },
            tookOver: { holder in
                logger.warning(
                    "took over the state lock left by a process that ended without releasing it",
                    metadata: ["holder": "\(holder)"])
            })
    }

    private func prepare(_ desired: DesiredState) async throws -> Reconciliation {
        try await Reconciliation.prepare(
            desired: desired, runtime: runtime, instance: configuration.instance,
            stateDirectory: configuration.stateDirectory, credentialsDirectory: configuration.credentialsDirectory,
            allowMassDelete: configuration.allowMassDelete, localEnv: configuration.localEnv,
            insecureRegistries: configuration.insecureRegistries)
    }

    func record(_ name: String, _ kind: GitspaceEvent.Kind, _ reason: String, _ message: String, commit: String?) async
    {
        await events.record(GitspaceEvent(gitspace: name, kind: kind, reason: reason, message: message, commit: commit))
    }
}

extension Duration {
    var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
