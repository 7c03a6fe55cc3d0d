import Foundation
import GitspacesCore
import GitspacesTestScope
import Testing

@testable import GitspacesDaemon
@testable import Reconciler

/// Each Gitspace's phase and ready condition in `GET /status`, from the loop's memory and the engine.
@Suite(.onWidePool)
struct StatusBuilderTests {
    typealias F = DecisionFixtures

    let builder = StatusBuilder(
        configuration: DaemonConfiguration(repo: "https://u:tok@git.example.com/c.git", stateDirectory: "/state"))
    let date = Date(timeIntervalSince1970: 1_000_000)

    /// Memory with a config commit in force.
    private func inForce(_ desired: DesiredState) -> LoopMemory {
        var memory = LoopMemory()
        memory.lastGood = ("c0ffee", desired)
        return memory
    }

    private func entry(
        _ name: String, memory: LoopMemory, _ input: StatusBuilder.Input, now: ContinuousClock.Instant = F.now
    ) throws -> GitspaceStatus {
        let built = builder.build(memory: memory, input, now: now, date: date)
        return try #require(built.report.gitspaces.first { $0.name == name })
    }

    @Test func aRunningContainerAsDeclaredIsConverged() throws {
        let a = F.gitspace("a")
        let desired = F.desired(a)
        let input = StatusBuilder.Input(desired: desired, observation: F.observation([(a, running: true)]))
        let built = builder.build(memory: inForce(desired), input, now: F.now, date: date)
        let status = try #require(built.report.gitspaces.first)
        #expect(status.phase == .running)
        #expect(status.ready == .init(status: true, reason: "Converged", message: nil))
        #expect(status.workspace?.path == "/state/instances/default/workspaces/a")
        #expect(built.report.daemon.ready)
        #expect(built.report.daemon.repo == "https://***@git.example.com/c.git")
        #expect(built.phaseCounts == ["Running": 1])
    }

    @Test func aContainerStoppedByHandIsStoppedAndPendingOrDrifted() throws {
        let a = F.gitspace("a")
        let desired = F.desired(a)
        let input = StatusBuilder.Input(desired: desired, observation: F.observation([(a, running: false)]))
        var memory = inForce(desired)
        let pending = try entry("a", memory: memory, input)
        #expect(pending.phase == .stopped)
        #expect(pending.ready == .init(status: false, reason: "Pending", message: nil))
        memory.drift["a"] = "its container was stopped outside gitspaces"
        let drifted = try entry("a", memory: memory, input)
        #expect(drifted.ready == .init(status: false, reason: "Drifted", message: memory.drift["a"]))
        #expect(drifted.drift == memory.drift["a"])
    }

    @Test func aDeclaredGitspaceWithoutAContainerIsPending() throws {
        let a = F.gitspace("a")
        let desired = F.desired(a)
        var input = StatusBuilder.Input(desired: desired, observation: F.observation([]))
        let pending = try entry("a", memory: inForce(desired), input)
        #expect(pending.phase == .pending)
        #expect(pending.ready.reason == "Pending")
        #expect(pending.declared)
        input.unresolved["a"] = "branch feature not found"
        let unresolved = try entry("a", memory: inForce(desired), input)
        #expect(
            unresolved.ready == .init(status: false, reason: "SourceUnresolved", message: "branch feature not found"))
    }

    @Test func anActionUnderWayIsCreating() throws {
        let a = F.gitspace("a")
        let desired = F.desired(a)
        var memory = inForce(desired)
        memory.lastErrors["a"] = "an earlier failure"
        let input = StatusBuilder.Input(desired: desired, observation: F.observation([]), inFlight: ["a"])
        let status = try entry("a", memory: memory, input)
        #expect(status.phase == .creating)
        #expect(status.ready.reason == "Creating")
    }

    @Test func aFailedActionBacksOffThenAwaitsItsRetry() throws {
        let a = F.gitspace("a")
        let desired = F.desired(a)
        var memory = inForce(desired)
        memory.lastErrors["a"] = "image not found"
        memory.backoff.failed("a", now: F.now)
        let input = StatusBuilder.Input(desired: desired, observation: F.observation([]))
        let backingOff = try entry("a", memory: memory, input)
        #expect(backingOff.phase == .failed)
        #expect(backingOff.ready == .init(status: false, reason: "BackingOff", message: "image not found"))
        #expect(backingOff.retryInSeconds == 1)
        let due = try entry("a", memory: memory, input, now: F.now + .seconds(5))
        #expect(due.ready.reason == "ActionFailed")
        #expect(due.retryInSeconds == nil)
    }

    @Test func aGuardHoldsItAsBlocked() throws {
        let a = F.gitspace("a")
        let desired = F.desired(a)
        var memory = inForce(desired)
        memory.blocked["a"] = "the workspace has uncommitted changes"
        let input = StatusBuilder.Input(desired: desired, observation: F.observation([(a, running: true)]))
        let blocked = try entry("a", memory: memory, input)
        #expect(blocked.phase == .blocked)
        #expect(
            blocked.ready == .init(status: false, reason: "Blocked", message: "the workspace has uncommitted changes"))

        // A refused plan holds the Gitspaces it would delete, while they still exist.
        let gone = F.gitspace("gone")
        var held = inForce(F.desired())
        held.held = ["gone"]
        held.refusal = "c0ffee: refused"
        let refused = StatusBuilder.Input(desired: F.desired(), observation: F.observation([(gone, running: true)]))
        let status = try entry("gone", memory: held, refused)
        #expect(status.phase == .blocked)
        #expect(status.ready == .init(status: false, reason: "Blocked", message: "c0ffee: refused"))
    }

    @Test func aContainerNotDeclaredAwaitsDeletion() throws {
        let gone = F.gitspace("gone")
        let input = StatusBuilder.Input(desired: F.desired(), observation: F.observation([(gone, running: true)]))
        let status = try entry("gone", memory: inForce(F.desired()), input)
        #expect(status.phase == .running)
        #expect(!status.declared)
        #expect(status.ready.reason == "NotDeclared")
    }

    @Test func sinceStaysWhileThePhaseDoesAndGoneGitspacesAreForgotten() throws {
        let a = F.gitspace("a")
        let desired = F.desired(a)
        var memory = inForce(desired)
        let earlier = Date(timeIntervalSince1970: 5)
        memory.phases = ["a": (.running, earlier), "gone": (.running, earlier)]
        let input = StatusBuilder.Input(desired: desired, observation: F.observation([(a, running: true)]))
        let same = builder.build(memory: memory, input, now: F.now, date: date)
        #expect(same.report.gitspaces.first?.since == earlier)
        #expect(same.phases.keys.sorted() == ["a"])
        let stopped = StatusBuilder.Input(desired: desired, observation: F.observation([(a, running: false)]))
        let changed = builder.build(memory: memory, stopped, now: F.now, date: date)
        #expect(changed.report.gitspaces.first?.since == date)
        #expect(changed.phases["a"]?.0 == .stopped)
    }

    @Test func withoutTheEngineTheLastEntriesStayAndTheDaemonIsNotReady() throws {
        let a = F.gitspace("a")
        let desired = F.desired(a)
        let previous = builder.build(
            memory: inForce(desired), .init(desired: desired, observation: F.observation([(a, running: true)])),
            now: F.now, date: date
        ).report.gitspaces
        var memory = inForce(desired)
        memory.reconcileError = "engine unreachable"
        let built = builder.build(
            memory: memory, .init(desired: desired, observation: nil, previous: previous), now: F.now, date: date)
        #expect(built.report.gitspaces == previous)
        #expect(!built.report.daemon.ready)
        #expect(built.report.daemon.reconcileError == "engine unreachable")
        #expect(built.phaseCounts == nil)

        // No commit in force: not ready either, though the engine answers.
        let fresh = builder.build(
            memory: LoopMemory(), .init(desired: nil, observation: F.observation([])), now: F.now, date: date)
        #expect(!fresh.report.daemon.ready)
    }
}
