import DockerEngine
import Foundation
import GitspacesCore
import NIOConcurrencyHelpers
import Reconciler

extension DaemonReconciler {
    /// The engine as it is now, for status (after a pass's actions, or instead of a pass).
    func observeEngine() async throws -> Observation {
        try await EngineObserver(
            runtime: runtime, instance: configuration.instance,
            records: records
        ).observe()
    }

    /// Inspects running containers not seen yet, and a few others in turn: their ports, and their cpu and
    /// memory as the engine has them.
    func inspectRunning(_ observation: Observation, memory: inout LoopMemory) async {
        let running = observation.containers.values.filter(\.running).sorted { $0.name < $1.name }
        memory.inspected = memory.inspected.filter { name, inspection in
            observation.containers[name]?.id == inspection.containerID && observation.containers[name]?.running == true
        }
        let perPass = configuration.inspectionsPerPass
        var targets = running.filter { memory.inspected[$0.name] == nil }.prefix(perPass * 4).map { $0 }
        let known = running.filter { memory.inspected[$0.name] != nil }
        if !known.isEmpty {
            for offset in 0..<min(perPass, known.count) {
                targets.append(known[(memory.inspectCursor + offset) % known.count])
            }
            memory.inspectCursor = (memory.inspectCursor + perPass) % max(known.count, 1)
        }
        for container in targets {
            guard let details = try? await runtime.container(container.id) else { continue }
            let ports = details.ports.sorted { $0.key < $1.key }.flatMap { port, bindings in
                bindings.isEmpty
                    ? [GitspaceStatus.Port(container: port, hostIP: nil, hostPort: nil)]
                    : bindings.map { GitspaceStatus.Port(container: port, hostIP: $0.hostIP, hostPort: $0.hostPort) }
            }
            memory.inspected[container.name] = LoopMemory.Inspection(
                containerID: container.id, ports: ports, nanoCPUs: details.hostConfig.nanoCPUs,
                memory: details.hostConfig.memory, volumes: details.namedVolumes)
        }
    }

    /// Builds the status from the pass and publishes it for the HTTP server and the metrics.
    func publish(memory: inout LoopMemory, _ input: StatusBuilder.Input) {
        var input = input
        let (inFlight, previous) = shared.withLockedValue { ($0.inFlight, $0.report?.gitspaces ?? []) }
        input.inFlight.formUnion(inFlight)
        input.previous = previous
        let built = StatusBuilder(configuration: configuration).build(
            memory: memory, input, now: .now, date: Date())
        memory.phases = built.phases
        if let counts = built.phaseCounts { metrics.setPhases(counts) }
        let snapshot = DashboardSnapshot(memory: memory, input: input, selfHeal: configuration.selfHeal, now: .now)
        shared.withLockedValue {
            $0.report = built.report
            $0.dashboard = snapshot
            if let desired = input.desired {
                $0.repositories = Set([configuration.repo] + desired.gitspaces.map(\.repo))
            }
        }
    }
}
