import Foundation
import GitspacesCore

@testable import GitspacesDaemon
@testable import Reconciler

/// Values for the tests of the loop's pure decisions: Gitspaces, what the engine holds, outcomes.
enum DecisionFixtures {
    static let now = ContinuousClock.now

    static func gitspace(_ name: String, state: Gitspace.RunState = .running, cpus: Int = 1000, memoryMiB: Int64 = 64)
        -> Gitspace
    {
        Gitspace(
            name: name, repo: "https://git.example.com/acme/\(name).git",
            hardware: Hardware(cpus: CPUs(millis: cpus), memory: ByteSize(bytes: memoryMiB << 20)), state: state)
    }

    static func desired(_ gitspaces: Gitspace...) -> DesiredState { DesiredState(gitspaces: gitspaces) }

    /// The engine holding `gitspaces` (as applied from their manifests), each in the given run state.
    static func observation(_ gitspaces: [(Gitspace, running: Bool)]) -> Observation {
        var containers: [String: ManagedContainer] = [:]
        for (gitspace, running) in gitspaces {
            containers[gitspace.name] = container(gitspace.name, running: running)
        }
        return Observation(
            gitspaces: gitspaces.map { ObservedGitspace(desired: $0.0, running: $0.running) }, containers: containers)
    }

    static func container(_ name: String, running: Bool) -> ManagedContainer {
        ManagedContainer(
            id: "id-\(name)", name: name, running: running, state: running ? "running" : "exited", specHash: nil,
            commit: "c0ffee")
    }

    /// Memory that saw each Gitspace converged to its manifest.
    static func memory(convergedTo gitspaces: Gitspace...) -> LoopMemory {
        var memory = LoopMemory()
        for gitspace in gitspaces {
            memory.converged[gitspace.name] = (ResolvedSpec(gitspace), gitspace.state == .running)
        }
        return memory
    }

    static func inspection(of name: String, cpus: Int, memoryMiB: Int64) -> LoopMemory.Inspection {
        LoopMemory.Inspection(
            containerID: "id-\(name)", ports: [], nanoCPUs: Int64(cpus) * 1_000_000, memory: memoryMiB << 20)
    }

    static func outcome(
        _ action: PlanAction, error: ApplyError? = nil, workspace: WorkspaceDisposal? = nil
    ) -> ActionOutcome {
        ActionOutcome(action: action, error: error, seconds: 0.5, workspace: workspace)
    }
}
