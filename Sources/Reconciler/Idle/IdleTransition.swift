package import Foundation
package import GitspacesCore
import Shared

/// Stopping a Gitspace for being idle and starting it again on a connection, both through the apply executor's
/// own start and stop steps (disk remount, postStartCommand and the other pending hooks, the applied record): an
/// idle Gitspace comes back exactly as a pass would start it.
package enum IdleTransition {
    /// Stops `name`'s running container, recording it idle first so that no pass takes the stop for drift.
    package static func stop(
        _ name: String, observed: ObservedGitspace, container: ManagedContainer, runtime: any ContainerRuntime,
        layout: StateLayout, record: IdleRecord
    ) async throws(ApplyError) {
        let idle = IdleRecords(layout: layout)
        do {
            try await BlockingWork.run { try idle.write(record, for: name) }
        } catch {
            throw ApplyError(
                .other, "the idle record of \(name) could not be written: \(error)",
                operation: ApplyError.Operation(gitspace: name, action: .stop), cause: error)
        }
        let outcome = await run(.stop, name, observed: observed, container: container, runtime: runtime, layout: layout)
        if let error = outcome.error {
            await BlockingWork.run { idle.remove(name) }
            throw error
        }
    }

    /// Starts `name`'s stopped container (idle, or stopped by hand) and clears its idle record; nothing when it runs.
    /// Returns what the start did (the hooks it ran), if anything.
    @discardableResult
    package static func start(_ name: String, runtime: any ContainerRuntime, layout: StateLayout)
        async throws(ApplyError) -> String?
    {
        let observation: Observation
        do {
            observation = try await EngineObserver(runtime: runtime, layout: layout).observe()
        } catch {
            throw ApplyError.wrapping(error, operation: ApplyError.Operation(gitspace: name, action: .start))
        }
        guard let observed = observation.gitspaces.first(where: { $0.name == name }),
            let container = observation.containers[name]
        else {
            throw ApplyError(
                .containerGone,
                "the container of \(name) is gone: the next `gitspaces apply` or daemon pass recreates it",
                operation: ApplyError.Operation(gitspace: name, action: .start))
        }
        let idle = IdleRecords(layout: layout)
        defer { idle.remove(name) }
        if container.running { return nil }
        let outcome = await run(
            .start, name, observed: observed, container: container, runtime: runtime, layout: layout)
        if let error = outcome.error { throw error }
        return outcome.note
    }

    private static func run(
        _ kind: PlanAction.Kind, _ name: String, observed: ObservedGitspace, container: ManagedContainer,
        runtime: any ContainerRuntime, layout: StateLayout
    ) async -> ActionOutcome {
        var spec = observed.spec
        spec.lifecycle = nil
        let action = PlanAction(kind: kind, name: name, spec: spec, running: kind == .start)
        let executor = ApplyExecutor(
            runtime: runtime, instance: layout.instance, records: AppliedRecords(layout: layout),
            commit: container.commit, parallelism: 1, workspaces: WorkspaceStore(layout: layout))
        let observation = Observation(gitspaces: [observed], containers: [name: container])
        let outcomes = await executor.apply(Plan(actions: [action]), observation: observation)
        return outcomes.first ?? ActionOutcome(action: action, seconds: 0)
    }
}
