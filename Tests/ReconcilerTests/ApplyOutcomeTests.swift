import DockerEngine
import GitspacesCore
import Reconciler
import Testing

/// The typed outcomes of an apply and the order its actions start in: pure values, no engine.
struct ApplyOutcomeTests {
    @Test func aBlockedErrorReadsAsTodayWithItsCodeApart() {
        let error = ApplyError(.blocked, "the workspace has 1 untracked file: not switching to other")
        #expect(error.code == .blocked)
        #expect(error.message == "the workspace has 1 untracked file: not switching to other")
        #expect(error.description == "blocked: the workspace has 1 untracked file: not switching to other")
    }

    @Test func anEngineErrorIsWrappedWithItsOperationAndKeptAsTheCause() {
        let engine = EngineError(.conflict, status: 409, message: "name in use", operation: "container create x")
        let error = ApplyError.wrapping(engine, operation: ApplyError.Operation(gitspace: "x", action: .create))
        #expect(error.code == .engine)
        #expect(error.description == "container create x: name in use")
        #expect(error.operation == ApplyError.Operation(gitspace: "x", action: .create))
        #expect((error.cause as? EngineError)?.code == .conflict)
    }

    @Test func wrappingAnApplyErrorKeepsItsCodeAndAddsTheOperation() {
        let error = ApplyError.wrapping(
            ApplyError(.foreignContainer, "belongs to nobody"), operation: .init(gitspace: "a"))
        #expect(error.code == .foreignContainer)
        #expect(error.operation?.gitspace == "a")
        #expect(error.description == "belongs to nobody")
    }

    @Test func aMessageWithCredentialsIsMasked() {
        let error = ApplyError(.unresolved, "fetching https://user:secret@example.com/repo.git failed")
        #expect(!error.description.contains("secret"))
    }

    @Test func theNoteOfADeleteStartsWithWhereTheWorkspaceWasKept() {
        let action = PlanAction(kind: .delete, name: "a", data: .kept, spec: nil, running: false)
        let kept = ActionOutcome(
            action: action, seconds: 1, workspace: .retained(path: "/state/retained/a-1", reasons: ["dirty"]),
            notes: ["volumes kept: v"])
        #expect(kept.note == "workspace kept at /state/retained/a-1 (dirty); volumes kept: v")
        #expect(ActionOutcome(action: action, seconds: 1, workspace: WorkspaceDisposal.none).note == nil)
        #expect(
            ActionOutcome(action: action, seconds: 1, workspace: .removed).note == "workspace removed (it was clean)")
    }

    @Test func deletesAndStopsStartBeforeTheRestWhichKeepPlanOrder() {
        let actions = [
            PlanAction(kind: .create, name: "c", spec: nil, running: true),
            PlanAction(kind: .stop, name: "s", spec: nil, running: false),
            PlanAction(kind: .update, name: "u", spec: nil, running: true),
            PlanAction(kind: .delete, name: "d", spec: nil, running: false),
        ]
        #expect(ApplyExecutor.order(actions).map(\.name) == ["s", "d", "c", "u"])
    }
}
