import DevContainer
package import DockerEngine
package import Foundation
package import GitspacesCore
import Redaction

/// Applies a plan to the engine: each action idempotent, at most `parallelism` at once, a failing
/// action recorded for its Gitspace without stopping the others.
package struct ApplyExecutor: Sendable {
    /// The runtime the containers run on.
    package let runtime: any ContainerRuntime
    package let instance: String
    package let records: AppliedRecords
    /// The config commit the plan comes from, for the `dev.gitspaces.commit` label.
    package let commit: String?
    package let parallelism: Int
    /// Gitspaces whose source could not be resolved, with why: their creates and replaces fail with it.
    package let unresolved: [String: String]
    package let stopTimeout: Int
    /// The sources resolved for this pass (mirror, branch), by Gitspace name.
    package let sources: [String: ResolvedSource]
    /// Where workspaces live; nil runs containers without one.
    package let workspaces: WorkspaceStore?
    /// The host address forwarded ports are published on.
    package let bindAddress: String
    /// Lifecycle markers: which hooks each container still has to run.
    package let lifecycle: LifecycleRecords
    /// The time, for the backoff between attempts of a failing hook.
    package let clock: @Sendable () -> Date
    /// Where `credentials` names are looked up when dotfiles are fetched (the sources' credentials directory).
    package var credentialsDirectory: String? = nil
    let ports: PortAllocator
    let builds = BuildGate.shared
    /// Told which image a Gitspace's action is building (nil once it is built or failed), for the status.
    package var building: (@Sendable (_ gitspace: String, _ image: String?) -> Void)? = nil
    /// This pass's placements, so that parallel creates see each other's reservations.
    let placements = PlacementLedger()
    /// Image lookups of this apply (``ImageLookups``).
    let images = ImageLookups()

    /// An executor on the Docker Engine `docker` talks to.
    package init(
        docker: DockerClient, instance: String, records: AppliedRecords, commit: String?, parallelism: Int = 4,
        unresolved: [String: String] = [:], stopTimeout: Int = 10, sources: [String: ResolvedSource] = [:],
        workspaces: WorkspaceStore? = nil, bindAddress: String = "127.0.0.1",
        portRange: ClosedRange<Int> = 20000...29999, clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.init(
            runtime: DockerRuntime(docker), instance: instance, records: records, commit: commit,
            parallelism: parallelism, unresolved: unresolved, stopTimeout: stopTimeout, sources: sources,
            workspaces: workspaces, bindAddress: bindAddress, portRange: portRange, clock: clock)
    }

    package init(
        runtime: any ContainerRuntime, instance: String, records: AppliedRecords, commit: String?, parallelism: Int = 4,
        unresolved: [String: String] = [:], stopTimeout: Int = 10, sources: [String: ResolvedSource] = [:],
        workspaces: WorkspaceStore? = nil, bindAddress: String = "127.0.0.1",
        portRange: ClosedRange<Int> = 20000...29999, clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.bindAddress = bindAddress
        self.clock = clock
        self.lifecycle = LifecycleRecords(layout: records.layout)
        self.ports = PortAllocator(runtime: runtime, bindAddress: bindAddress, range: portRange)
        self.sources = sources
        self.workspaces = workspaces
        self.runtime = runtime
        self.instance = instance
        self.records = records
        self.commit = commit
        self.parallelism = max(1, parallelism)
        self.unresolved = unresolved
        self.stopTimeout = stopTimeout
    }

    /// Runs every action; `completed` is called as each one ends (from the applying task).
    package func apply(
        _ plan: Plan, observation: Observation, completed: @escaping @Sendable (ActionOutcome) -> Void = { _ in }
    ) async -> [ActionOutcome] {
        await ports.reset()
        await placements.reset()
        let order = Self.order(plan.actions)
        let observedDisks = Dictionary(
            observation.gitspaces.map { ($0.name, $0.spec.hardware.disk) }, uniquingKeysWith: { first, _ in first })
        return await withTaskGroup(of: ActionOutcome.self) { group in
            var outcomes: [ActionOutcome] = []
            var pending = order[...]
            func launch() {
                guard let action = pending.popFirst() else { return }
                let container = observation.containers[action.name]
                let currentDisk = observedDisks[action.name] ?? nil
                group.addTask {
                    let start = ContinuousClock.now
                    var failure: ApplyError?
                    var result = StepResult()
                    do {
                        result = try await self.run(action, container: container, currentDisk: currentDisk)
                    } catch {
                        failure = ApplyError.wrapping(
                            error, operation: ApplyError.Operation(gitspace: action.name, action: action.kind))
                    }
                    let elapsed = ContinuousClock.now - start
                    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                    let outcome = ActionOutcome(
                        action: action, error: failure, seconds: seconds, workspace: result.workspace,
                        notes: result.notes)
                    completed(outcome)
                    return outcome
                }
            }
            for _ in 0..<parallelism { launch() }
            for await outcome in group {
                outcomes.append(outcome)
                launch()
            }
            return outcomes.sorted { ($0.action.kind, $0.action.name) < ($1.action.kind, $1.action.name) }
        }
    }

    /// The order actions start in: those that free resources first (deletes and stops), then the rest in plan
    /// order. A caller that runs a plan in batches (the daemon) cuts this order, so that it frees as `apply` does.
    package static func order(_ actions: [PlanAction]) -> [PlanAction] {
        actions.filter { $0.kind == .delete || $0.kind == .stop }
            + actions.filter { $0.kind != .delete && $0.kind != .stop }
    }

    /// What an action that applied leaves for the user to know.
    struct StepResult: Sendable {
        var workspace: WorkspaceDisposal?
        var notes: [String] = []
    }

    /// Applies one action; returns what the user should know about it.
    private func run(_ action: PlanAction, container: ManagedContainer?, currentDisk: ByteSize?) async throws
        -> StepResult
    {
        switch action.kind {
        case .create: return StepResult(notes: try await create(action))
        case .replace: return try await replace(action, container: container)
        case .start, .stop, .update:
            return try await applyInPlace(action, container: container, currentDisk: currentDisk)
        case .delete: return try await delete(action, container: container)
        }
    }
}
