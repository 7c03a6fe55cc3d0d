import GitspacesCore
import GitspacesTestScope
import Testing

@testable import GitspacesDaemon
@testable import Reconciler

/// How an action's outcome is folded into the loop's memory: backoff, errors, blocked state, what a
/// Gitspace converged to, kept workspaces.
@Suite(.onWidePool)
struct LoopMemoryTests {
    typealias F = DecisionFixtures

    private func action(_ kind: PlanAction.Kind, _ gitspace: Gitspace) -> PlanAction {
        kind == .delete
            ? PlanAction(kind: .delete, name: gitspace.name, data: .kept, spec: nil, running: false)
            : PlanAction(
                kind: kind, name: gitspace.name, spec: ResolvedSpec(gitspace), running: gitspace.state == .running)
    }

    @Test func failuresBackOffLongerEachTimeUntilASuccessResets() {
        let a = F.gitspace("a")
        var memory = LoopMemory()
        let first = memory.record(
            outcome: F.outcome(action(.create, a), error: ApplyError(.engine, "pull failed")), now: F.now)
        let second = memory.record(
            outcome: F.outcome(action(.create, a), error: ApplyError(.engine, "pull failed again")), now: F.now)
        #expect(first == .failed(error: "pull failed", blocked: false, retryIn: .seconds(1)))
        #expect(second == .failed(error: "pull failed again", blocked: false, retryIn: .seconds(2)))
        #expect(memory.lastErrors["a"] == "pull failed again")
        #expect(memory.blocked.isEmpty)
        #expect(memory.backoff.waiting("a", now: F.now) != nil)

        #expect(memory.record(outcome: F.outcome(action(.create, a)), now: F.now) == .applied)
        #expect(memory.lastErrors["a"] == nil)
        #expect(memory.backoff.waiting("a", now: F.now) == nil)
        #expect(memory.converged["a"]?.spec == ResolvedSpec(a))
        #expect(memory.converged["a"]?.running == true)
        let again = memory.record(outcome: F.outcome(action(.create, a), error: ApplyError(.engine, "x")), now: F.now)
        #expect(again == .failed(error: "x", blocked: false, retryIn: .seconds(1)))
    }

    @Test func aGuardsRefusalIsBlockedWithItsReason() {
        let a = F.gitspace("a")
        var memory = LoopMemory()
        let recorded = memory.record(
            outcome: F.outcome(
                action(.update, a), error: ApplyError(.blocked, "the workspace has uncommitted changes")), now: F.now)
        #expect(
            recorded
                == .failed(error: "blocked: the workspace has uncommitted changes", blocked: true, retryIn: .seconds(1))
        )
        #expect(memory.blocked["a"] == "the workspace has uncommitted changes")
        _ = memory.record(outcome: F.outcome(action(.update, a)), now: F.now)
        #expect(memory.blocked["a"] == nil)
    }

    @Test func aDeleteForgetsTheGitspaceAndRemembersWhereItsWorkspaceWasKept() {
        let a = F.gitspace("a")
        var memory = F.memory(convergedTo: a)
        memory.drift["a"] = "its container was stopped outside gitspaces"
        _ = memory.record(
            outcome: F.outcome(
                action(.delete, a),
                workspace: .retained(path: "/state/retained/a-1", reasons: ["deletionPolicy Retain"])), now: F.now)
        #expect(memory.converged["a"] == nil)
        #expect(memory.drift["a"] == nil)
        #expect(memory.retained == ["a": "/state/retained/a-1"])

        // Created again: the kept workspace is no longer reported.
        _ = memory.record(outcome: F.outcome(action(.create, a)), now: F.now)
        #expect(memory.retained.isEmpty)

        // A delete that kept nothing leaves nothing to report.
        _ = memory.record(outcome: F.outcome(action(.delete, a), workspace: .removed), now: F.now)
        #expect(memory.retained.isEmpty)
    }

    @Test func keptWorkspacesAreBounded() {
        var memory = LoopMemory()
        for index in 0...LoopMemory.retainedKept {
            let gitspace = F.gitspace("g\(index)")
            _ = memory.record(
                outcome: F.outcome(action(.delete, gitspace), workspace: .retained(path: "/r/\(index)", reasons: [])),
                now: F.now)
        }
        #expect(memory.retained.count == LoopMemory.retainedKept)
        #expect(memory.retained["g\(LoopMemory.retainedKept)"] != nil)
    }

    @Test func gitspacesLeftAloneAreConvergedAndTheirErrorsOver() {
        let a = F.gitspace("a")
        let b = F.gitspace("b")
        var memory = LoopMemory()
        memory.lastErrors = ["a": "old", "b": "old"]
        memory.blocked = ["a": "old"]
        memory.converged["gone"] = (ResolvedSpec(F.gitspace("gone")), true)
        memory.recordConverged(
            desired: F.desired(a, b), observation: F.observation([(a, running: false)]), actedOn: ["b"])
        #expect(memory.converged["a"]?.running == false)
        #expect(memory.lastErrors == ["b": "old"])
        #expect(memory.blocked.isEmpty)
        #expect(memory.converged["gone"] == nil)
        #expect(memory.converged["b"] == nil)
    }
}

/// Retry delays: they grow, cap, reset, and the loop wakes for the earliest.
@Suite(.onWidePool)
struct BackoffScheduleTests {
    @Test func theLoopWakesForTheEarliestRetryAndForgetsUndeclaredGitspaces() {
        let now = ContinuousClock.now
        var backoff = Backoff(initial: .seconds(2), maximum: .seconds(5))
        backoff.failed("a", now: now)
        backoff.failed("b", now: now)
        backoff.failed("b", now: now)
        #expect(backoff.failed("b", now: now) == .seconds(5))
        #expect(backoff.nextRetry(after: now) == now + .seconds(2))
        #expect(backoff.nextRetry(after: now + .seconds(3)) == now + .seconds(5))
        #expect(backoff.nextRetry(after: now + .seconds(6)) == nil)
        backoff.keep(only: ["b"])
        #expect(backoff.waiting("a", now: now) == nil)
        #expect(backoff.entries.keys.sorted() == ["b"])
    }
}

/// Which config commit is in force: never one that does not validate, and the last good one when a guard
/// refuses a new one's plan.
@Suite(.onWidePool)
struct ConfigFollowerTests {
    typealias F = DecisionFixtures

    @Test func anInvalidCommitLeavesTheLastGoodOneInForce() {
        var memory = LoopMemory()
        #expect(ConfigFollower.inForce(memory) == nil)
        memory.attempted = .init(commit: "good", desired: F.desired(F.gitspace("a")), errors: [])
        #expect(ConfigFollower.inForce(memory)?.commit == "good")
        memory.lastGood = ("good", F.desired(F.gitspace("a")))
        memory.attempted = .init(commit: "bad", desired: nil, errors: ["gitspaces.yaml:1:1: error"])
        #expect(ConfigFollower.inForce(memory)?.commit == "good")
    }

    @Test func aRefusedPlanFallsBackToTheLastGoodCommitUnlessItIsThatOne() {
        var memory = LoopMemory()
        let refused = (commit: "new", desired: F.desired())
        #expect(ConfigFollower.fallback(from: refused, memory) == nil)
        memory.lastGood = ("old", F.desired(F.gitspace("a")))
        #expect(ConfigFollower.fallback(from: refused, memory)?.commit == "old")
        #expect(ConfigFollower.fallback(from: (commit: "old", desired: F.desired()), memory) == nil)
    }
}
