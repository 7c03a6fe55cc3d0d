import Foundation
import GitspacesCore
import GitspacesTestScope
import Testing

@testable import GitspacesDaemon
@testable import Reconciler

/// A Gitspace no node can take (a placement refusal) is Pending in status, with the refusal as its reason.
@Suite(.onWidePool)
struct PendingPhaseTests {
    typealias F = DecisionFixtures

    let builder = StatusBuilder(
        configuration: DaemonConfiguration(repo: "https://git.example.com/c.git", stateDirectory: "/state"))

    @Test func aCreateNoNodeCanTakeIsPendingWithTheRefusalUntilItIsPlaced() throws {
        let a = F.gitspace("a")
        let desired = F.desired(a)
        var memory = LoopMemory()
        memory.lastGood = ("c0ffee", desired)
        let create = PlanAction(kind: .create, name: "a", spec: ResolvedSpec(a), running: true)
        let refusal = "gitspace a is Pending: no node has 1.5 cpus free; largest free: 0.5 on node x"
        _ = memory.record(outcome: F.outcome(create, error: ApplyError(.pending, refusal)), now: F.now)
        let input = StatusBuilder.Input(desired: desired, observation: F.observation([]))
        let built = builder.build(memory: memory, input, now: F.now, date: Date())
        let status = try #require(built.report.gitspaces.first)
        #expect(status.phase == .pending)
        #expect(status.ready == .init(status: false, reason: "Unschedulable", message: refusal))
        let json = String(decoding: built.report.json(), as: UTF8.self)
        #expect(json.contains("\"Unschedulable\"") && json.contains("no node has 1.5 cpus free"))

        // Any other failure of a create stays Failed; a placed one forgets the refusal.
        var failed = memory
        _ = failed.record(outcome: F.outcome(create, error: ApplyError(.engine, "pull failed")), now: F.now)
        #expect(builder.build(memory: failed, input, now: F.now, date: Date()).report.gitspaces.first?.phase == .failed)
        _ = memory.record(outcome: F.outcome(create), now: F.now)
        #expect(memory.unplaced.isEmpty)
    }
}
