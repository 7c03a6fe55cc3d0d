import GitspacesCore
import GitspacesTestScope
import Testing

@testable import GitspacesDaemon
@testable import Reconciler

/// What counts as drift (the engine differs from what a Gitspace was converged to) and what does not (a
/// config change), and what a pass runs about it.
@Suite(.onWidePool)
struct DriftDetectorTests {
    typealias F = DecisionFixtures

    private func decide(
        _ desired: DesiredState, _ observation: Observation, memory: LoopMemory, selfHeal: Bool = true
    ) -> DriftDetector.Decision {
        let actions = plan(desired: desired, observed: observation.gitspaces).actions
        return DriftDetector(selfHeal: selfHeal).decide(
            actions: actions, desired: desired, observation: observation, memory: memory, now: F.now)
    }

    @Test func aContainerStoppedByHandIsDriftAndStartedAgain() {
        let a = F.gitspace("a")
        let decision = decide(F.desired(a), F.observation([(a, running: false)]), memory: F.memory(convergedTo: a))
        #expect(decision.selected.map(\.kind) == [.start])
        #expect(decision.reports == [.init(name: "a", drift: "its container was stopped outside gitspaces")])
        #expect(decision.drift == ["a": "its container was stopped outside gitspaces"])
        #expect(decision.skipped.isEmpty)
    }

    @Test func aContainerRemovedOrStartedByHandIsDrift() {
        let running = F.gitspace("a")
        let removed = decide(F.desired(running), F.observation([]), memory: F.memory(convergedTo: running))
        #expect(removed.drift["a"] == "its container was removed outside gitspaces")
        #expect(removed.selected.map(\.kind) == [.create])

        let stopped = F.gitspace("b", state: .stopped)
        let started = decide(
            F.desired(stopped), F.observation([(stopped, running: true)]), memory: F.memory(convergedTo: stopped))
        #expect(started.drift["b"] == "its container was started outside gitspaces")
        #expect(started.selected.map(\.kind) == [.stop])
    }

    @Test func withoutSelfHealDriftIsReportedButNotCorrected() {
        let a = F.gitspace("a")
        let decision = decide(
            F.desired(a), F.observation([(a, running: false)]), memory: F.memory(convergedTo: a), selfHeal: false)
        #expect(decision.selected.isEmpty)
        #expect(decision.skipped.map(\.kind) == [.start])
        #expect(decision.drift["a"] == "its container was stopped outside gitspaces")
        #expect(decision.reports.count == 1)
    }

    @Test func driftAlreadyReportedIsNotReportedAgain() {
        let a = F.gitspace("a")
        var memory = F.memory(convergedTo: a)
        memory.drift["a"] = "its container was stopped outside gitspaces"
        let decision = decide(F.desired(a), F.observation([(a, running: false)]), memory: memory)
        #expect(decision.reports.isEmpty)
        #expect(decision.selected.map(\.kind) == [.start])
    }

    @Test func aChangedManifestIsAConfigChangeNotDrift() {
        let before = F.gitspace("a", cpus: 1000)
        let after = F.gitspace("a", cpus: 2000)
        var memory = F.memory(convergedTo: before)
        memory.drift["a"] = "its container was stopped outside gitspaces"
        // The engine still holds the old size; the manifest asks for more cpus.
        let resized = decide(F.desired(after), F.observation([(before, running: true)]), memory: memory)
        #expect(resized.selected.map(\.kind) == [.update])
        #expect(resized.reports.isEmpty)
        #expect(resized.drift["a"] == nil)

        // Stopping it in the manifest is a config change too, though the action is the same as drift's.
        let stoppedInManifest = F.gitspace("a", state: .stopped)
        let stopped = decide(F.desired(stoppedInManifest), F.observation([(before, running: true)]), memory: memory)
        #expect(stopped.selected.map(\.kind) == [.stop])
        #expect(stopped.drift["a"] == nil)
    }

    @Test func afterARestartNothingIsKnownToBeDrift() {
        let a = F.gitspace("a")
        let decision = decide(F.desired(a), F.observation([(a, running: false)]), memory: LoopMemory())
        #expect(decision.selected.map(\.kind) == [.start])
        #expect(decision.drift.isEmpty)
        #expect(decision.reports.isEmpty)
    }

    @Test func aHandMadeResizeBecomesAnUpdateBackToTheManifest() throws {
        let a = F.gitspace("a", cpus: 1000, memoryMiB: 64)
        var memory = F.memory(convergedTo: a)
        memory.inspected["a"] = F.inspection(of: "a", cpus: 2000, memoryMiB: 128)
        let decision = decide(F.desired(a), F.observation([(a, running: true)]), memory: memory)
        let update = try #require(decision.selected.first)
        #expect(decision.selected.count == 1)
        #expect(update.kind == .update)
        #expect(update.spec == ResolvedSpec(a))
        #expect(update.changes.map(\.field) == ["hardware.cpus", "hardware.memory"])
        #expect(update.changes.first?.old == "2.0")
        let drift = "its hardware.cpus and hardware.memory were changed outside gitspaces"
        #expect(decision.reports == [.init(name: "a", drift: drift)])
        #expect(decision.reinspect == ["a"])
        // Corrected in this pass: with self-heal on, status does not keep showing it.
        #expect(decision.drift["a"] == nil)

        let reported = decide(F.desired(a), F.observation([(a, running: true)]), memory: memory, selfHeal: false)
        #expect(reported.selected.isEmpty)
        #expect(reported.drift["a"] == drift)
    }

    @Test func hardwareAsDeclaredOrOfAnotherContainerIsNotDrift() {
        let a = F.gitspace("a", cpus: 1000, memoryMiB: 64)
        var memory = F.memory(convergedTo: a)
        memory.inspected["a"] = F.inspection(of: "a", cpus: 1000, memoryMiB: 64)
        #expect(decide(F.desired(a), F.observation([(a, running: true)]), memory: memory).selected.isEmpty)

        // An inspection of a container since replaced says nothing about the current one.
        memory.inspected["a"] = LoopMemory.Inspection(
            containerID: "an-old-container", ports: [], nanoCPUs: 4_000_000_000, memory: 1 << 30)
        let decision = decide(F.desired(a), F.observation([(a, running: true)]), memory: memory)
        #expect(decision.selected.isEmpty)
        #expect(decision.reports.isEmpty)
    }

    @Test func aGitspaceInBackoffIsSkippedWhileTheOthersRun() {
        let a = F.gitspace("a")
        let b = F.gitspace("b")
        var memory = LoopMemory()
        memory.backoff.failed("a", now: F.now)
        let decision = decide(F.desired(a, b), F.observation([]), memory: memory)
        #expect(decision.selected.map(\.name) == ["b"])
        #expect(decision.skipped.map(\.name) == ["a"])
        let later = DriftDetector(selfHeal: true).decide(
            actions: plan(desired: F.desired(a, b), observed: []).actions, desired: F.desired(a, b),
            observation: F.observation([]), memory: memory, now: F.now + .seconds(2))
        #expect(Set(later.selected.map(\.name)) == ["a", "b"])
    }

    @Test func thePlannerCorrectsOnlyTheFieldsThatDiffer() {
        let a = F.gitspace("a", cpus: 500, memoryMiB: 64)
        let observed = ObservedGitspace(desired: a)
        #expect(hardwareCorrection(for: observed, engineNanoCPUs: 500_000_000, engineMemoryBytes: 64 << 20) == nil)
        let memoryOnly = hardwareCorrection(for: observed, engineNanoCPUs: 500_000_000, engineMemoryBytes: 32 << 20)
        #expect(memoryOnly?.changes == [FieldChange(field: "hardware.memory", old: "\(32 << 20)", new: "64Mi")])
        #expect(memoryOnly?.running == true)
    }
}
