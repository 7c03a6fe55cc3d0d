import Testing

@testable import GitspacesCore

/// One Gitspace observed as `before`, desired as `after`: the action the planner must choose.
struct PlanTransitionCase: CustomTestStringConvertible, Sendable {
    var label: String
    var before: ObservedGitspace
    var after: Gitspace
    var kind: PlanAction.Kind?
    var fields: [String]
    var runningAfter: Bool

    var testDescription: String { label }

    static func make(
        _ label: String, observedRunning: Bool = true, observed edit: (inout ResolvedSpec) -> Void = { _ in },
        desired change: (inout Gitspace) -> Void = { _ in }, _ kind: PlanAction.Kind?, _ fields: [String] = []
    ) -> PlanTransitionCase {
        var spec = ResolvedSpec(PlanFixtures.gitspace())
        edit(&spec)
        var after = PlanFixtures.gitspace()
        change(&after)
        return PlanTransitionCase(
            label: label, before: ObservedGitspace(name: after.name, spec: spec, running: observedRunning),
            after: after, kind: kind, fields: fields, runningAfter: after.state == .running)
    }
}

@Suite struct PlanTransitionTests {
    static let cases: [PlanTransitionCase] = [
        .make("nothing changed", nil),
        .make("cpus changed", desired: { $0.hardware.cpus = CPUs(millis: 4000) }, .update, ["hardware.cpus"]),
        .make("memory changed", desired: { $0.hardware.memory = PlanFixtures.gib(8) }, .update, ["hardware.memory"]),
        .make("branch changed", desired: { $0.branch = "feature/x" }, .update, ["branch"]),
        .make("branch back to the remote's HEAD", desired: { $0.branch = nil }, .update, ["branch"]),
        .make("repo changed", desired: { $0.repo = "https://git.example.com/acme/other.git" }, .replace, ["repo"]),
        .make(
            "devcontainer changed", desired: { $0.devcontainer = ".devcontainer/go/devcontainer.json" }, .replace,
            ["devcontainer"]),
        .make("image changed", observed: { $0.image = "mcr.example.com/base:1" }, .replace, ["image"]),
        .make("env value changed", desired: { $0.env["TZ"] = "Europe/Berlin" }, .replace, ["env.TZ"]),
        .make("env added", desired: { $0.env["LANG"] = "C.UTF-8" }, .replace, ["env.LANG"]),
        .make("env removed", desired: { $0.env = [:] }, .replace, ["env.TZ"]),
        .make(
            "authorized key added", desired: { $0.authorizedKeys.append(PlanFixtures.bobKey) }, .replace,
            ["ssh.authorizedKeys"]),
        .make("authorized key removed", desired: { $0.authorizedKeys = [] }, .replace, ["ssh.authorizedKeys"]),
        .make(
            "authorized keys reordered and repeated",
            observed: { $0.authorizedKeys = [PlanFixtures.bobKey, PlanFixtures.aliceKey] },
            desired: { $0.authorizedKeys = [PlanFixtures.aliceKey, PlanFixtures.bobKey, PlanFixtures.aliceKey] }, nil),
        .make("disk grown", desired: { $0.hardware.disk = PlanFixtures.gib(64) }, .update, ["hardware.disk"]),
        .make(
            "disk shrunk: shown, refused", desired: { $0.hardware.disk = PlanFixtures.gib(8) }, .update,
            ["hardware.disk"]),
        .make("disk limit added", observed: { $0.hardware.disk = nil }, .replace, ["hardware.disk"]),
        .make("disk limit removed", desired: { $0.hardware.disk = nil }, .replace, ["hardware.disk"]),
        .make("gpus changed", desired: { $0.hardware.gpus = 1 }, .replace, ["hardware.gpus"]),
        .make("credentials changed", desired: { $0.credentials = "other-token" }, .replace, ["credentials"]),
        .make("credentials removed", desired: { $0.credentials = nil }, .replace, ["credentials"]),
        .make("labels only", desired: { $0.labels = ["team": "billing", "tier": "gold"] }, nil),
        .make("owner only", desired: { $0.owner = "bob" }, nil),
        .make("deletionPolicy only", desired: { $0.deletionPolicy = .delete }, nil),
        .make(
            "labels, owner and deletionPolicy together",
            desired: {
                $0.labels = [:]
                $0.owner = nil
                $0.deletionPolicy = .delete
            }, nil),
        .make("stop", desired: { $0.state = .stopped }, .stop),
        .make("start", observedRunning: false, .start),
        .make("stopped and unchanged", observedRunning: false, desired: { $0.state = .stopped }, nil),
        .make(
            "stop with a cpu change",
            desired: {
                $0.state = .stopped
                $0.hardware.cpus = CPUs(millis: 4000)
            }, .stop, ["hardware.cpus"]),
        .make("start with a branch change", observedRunning: false, desired: { $0.branch = "dev" }, .start, ["branch"]),
        .make(
            "stopped Gitspace resized stays stopped", observedRunning: false,
            desired: {
                $0.state = .stopped
                $0.hardware.memory = PlanFixtures.gib(8)
            }, .update, ["hardware.memory"]),
        .make(
            "stopped Gitspace with a new env is recreated stopped", observedRunning: false,
            desired: {
                $0.state = .stopped
                $0.env["TZ"] = "Europe/Berlin"
            }, .replace, ["env.TZ"]),
        .make(
            "start with a repo change", observedRunning: false,
            desired: { $0.repo = "https://git.example.com/acme/b.git" }, .replace, ["state", "repo"]),
        .make(
            "state, hardware and env in one commit",
            desired: {
                $0.state = .stopped
                $0.hardware.cpus = CPUs(millis: 4000)
                $0.env["TZ"] = "Europe/Berlin"
            }, .replace, ["state", "hardware.cpus", "env.TZ"]),
        .make(
            "state, hardware and image in one commit", observed: { $0.image = "base:1" },
            desired: {
                $0.state = .stopped
                $0.hardware.memory = PlanFixtures.gib(8)
            }, .replace,
            ["state", "image", "hardware.memory"]),
        .make(
            "update lists metadata changes alongside",
            desired: {
                $0.hardware.cpus = CPUs(millis: 3000)
                $0.owner = "bob"
                $0.labels["tier"] = "gold"
            },
            .update, ["hardware.cpus", "owner", "labels.tier"]),
        .make(
            "cpus and a larger disk: in place, no restart",
            desired: {
                $0.hardware.cpus = CPUs(millis: 4000)
                $0.hardware.disk = PlanFixtures.gib(32)
            }, .update, ["hardware.cpus", "hardware.disk"]),
        .make(
            "env and a larger disk: the replace wins",
            desired: {
                $0.env["TZ"] = "Europe/Berlin"
                $0.hardware.disk = PlanFixtures.gib(32)
            }, .replace, ["hardware.disk", "env.TZ"]),
    ]

    @Test(arguments: cases)
    func choosesTheActionForOneGitspace(_ transition: PlanTransitionCase) throws {
        let result = plan(desired: PlanFixtures.desired([transition.after]), observed: [transition.before])
        guard let kind = transition.kind else {
            #expect(result.actions.isEmpty)
            #expect(!result.hasChanges)
            return
        }
        #expect(result.actions.count == 1)
        let action = try #require(result.actions.first)
        #expect(action.kind == kind)
        #expect(action.name == transition.after.name)
        #expect(action.changes.map(\.field) == transition.fields)
        #expect(action.running == transition.runningAfter)
        #expect(action.spec == ResolvedSpec(transition.after))
        #expect(action.data == nil)
        #expect(result.refusal == nil)
    }

    @Test func aSmallerDiskIsShownAsRefusedNotReplaced() throws {
        var after = PlanFixtures.gitspace()
        after.hardware.disk = PlanFixtures.gib(8)
        let result = plan(
            desired: PlanFixtures.desired([after]), observed: [ObservedGitspace(desired: PlanFixtures.gitspace())])
        let action = try #require(result.actions.first)
        #expect(action.kind == .update)
        #expect(action.changes.first?.new == "8Gi (refused: shrinking a disk could lose data)")
        #expect(result.rendered(as: .text, color: false).contains("(refused: shrinking a disk could lose data)"))
    }

    @Test func updateShowsOldAndNewValues() {
        var after = PlanFixtures.gitspace()
        after.hardware.cpus = CPUs(millis: 4000)
        after.branch = nil
        let result = plan(
            desired: PlanFixtures.desired([after]), observed: [ObservedGitspace(desired: PlanFixtures.gitspace())])
        #expect(
            result.actions.first?.changes == [
                FieldChange(field: "branch", old: "main", new: nil),
                FieldChange(field: "hardware.cpus", old: "2", new: "4"),
            ])
        #expect(result.actions.first?.hardware == HardwareDelta(cpuMillis: 2000))
    }

    @Test func replaceIntoAnotherStateRecordsTheStateChange() {
        var after = PlanFixtures.gitspace()
        after.state = .stopped
        after.env["TZ"] = "Europe/Berlin"
        let result = plan(
            desired: PlanFixtures.desired([after]), observed: [ObservedGitspace(desired: PlanFixtures.gitspace())])
        #expect(
            result.actions.first?.changes == [
                FieldChange(field: "state", old: "running", new: "stopped"),
                FieldChange(field: "env.TZ", old: "UTC", new: "Europe/Berlin"),
            ])
        #expect(result.actions.first?.running == false)
    }

    @Test func createListsTheValuesItSets() {
        var gitspace = PlanFixtures.gitspace()
        gitspace.state = .stopped
        let result = plan(desired: PlanFixtures.desired([gitspace]), observed: [])
        let action = result.actions.first
        #expect(action?.kind == .create)
        #expect(action?.running == false)
        #expect(action?.hardware == HardwareDelta(cpuMillis: 2000, memoryBytes: 4 << 30, diskBytes: 16 << 30))
        #expect(
            action?.changes == [
                FieldChange(field: "state", old: nil, new: "stopped"),
                FieldChange(field: "repo", old: nil, new: "https://git.example.com/acme/payments.git"),
                FieldChange(field: "branch", old: nil, new: "main"),
                FieldChange(field: "devcontainer", old: nil, new: ".devcontainer/devcontainer.json"),
                FieldChange(field: "hardware.cpus", old: nil, new: "2"),
                FieldChange(field: "hardware.memory", old: nil, new: "4Gi"),
                FieldChange(field: "hardware.disk", old: nil, new: "16Gi"),
                FieldChange(field: "env.TZ", old: nil, new: "UTC"),
                FieldChange(field: "ssh.authorizedKeys", old: nil, new: "ssh-ed25519 …lice0001 alice@laptop"),
                FieldChange(field: "credentials", old: nil, new: "acme-git-token"),
                FieldChange(field: "owner", old: nil, new: "alice"),
                FieldChange(field: "labels.team", old: nil, new: "payments"),
            ])
    }

    @Test(arguments: [
        (Gitspace.DeletionPolicy.retain, PlanAction.DataFate.kept, "workspace kept"),
        (.delete, .removedIfClean, "workspace removed if clean"),
    ])
    func deleteReportsTheWorkspaceFate(policy: Gitspace.DeletionPolicy, fate: PlanAction.DataFate, text: String) {
        var old = PlanFixtures.gitspace("old-one")
        old.deletionPolicy = policy
        let result = plan(
            desired: PlanFixtures.desired([PlanFixtures.gitspace()]),
            observed: [
                ObservedGitspace(desired: PlanFixtures.gitspace()), ObservedGitspace(desired: old, running: false),
            ])
        #expect(result.actions.count == 1)
        let action = result.actions.first
        #expect(action?.kind == .delete)
        #expect(action?.name == "old-one")
        #expect(action?.data == fate)
        #expect(action?.data?.rawValue == text)
        #expect(action?.changes == [])
        #expect(action?.spec == nil)
        #expect(action?.hardware == HardwareDelta(cpuMillis: -2000, memoryBytes: -(4 << 30), diskBytes: -(16 << 30)))
    }

    @Test func renameIsADeleteAndACreate() {
        let old = PlanFixtures.gitspace("alice-payments")
        let renamed = PlanFixtures.gitspace("alice-billing")
        let result = plan(desired: PlanFixtures.desired([renamed]), observed: [ObservedGitspace(desired: old)])
        #expect(result.actions.map(\.kind) == [.create, .delete])
        #expect(result.actions.map(\.name) == ["alice-billing", "alice-payments"])
        #expect(result.summary.hardware.isZero)
    }

    @Test func actionsAreOrderedByKindThenName() {
        func make(_ name: String, _ change: (inout Gitspace) -> Void) -> Gitspace {
            var gitspace = PlanFixtures.gitspace(name)
            change(&gitspace)
            return gitspace
        }
        let observed = ["b-stop", "a-stop", "z-update", "c-replace", "d-delete", "a-delete", "e-start"].map {
            ObservedGitspace(desired: PlanFixtures.gitspace($0), running: $0 != "e-start")
        }
        let desired = PlanFixtures.desired([
            make("b-stop") { $0.state = .stopped }, make("a-stop") { $0.state = .stopped },
            make("z-update") { $0.branch = "dev" }, make("c-replace") { $0.repo = "https://x.example/y.git" },
            make("e-start") { _ in }, make("y-create") { _ in }, make("x-create") { _ in },
        ])
        let result = plan(desired: desired, observed: observed)
        #expect(
            result.actions.map { "\($0.kind.rawValue) \($0.name)" } == [
                "create x-create", "create y-create", "start e-start", "update z-update", "replace c-replace",
                "stop a-stop", "stop b-stop", "delete a-delete", "delete d-delete",
            ])
        #expect(
            result.summary.line == "Plan: 2 to create, 1 to start, 1 to update, 1 to replace, 2 to stop, 2 to delete.")
    }

    @Test func summaryCountsReservedHardwareOfRunningAndStoppedGitspaces() {
        var grown = PlanFixtures.gitspace("grown")
        grown.hardware = PlanFixtures.hardware(cpus: 4, memory: 8, disk: 16)
        var stopped = PlanFixtures.gitspace("stopped")
        stopped.state = .stopped
        let result = plan(
            desired: PlanFixtures.desired([grown, stopped, PlanFixtures.gitspace("new")]),
            observed: [
                ObservedGitspace(desired: PlanFixtures.gitspace("grown")),
                ObservedGitspace(desired: PlanFixtures.gitspace("stopped")),
            ])
        #expect(result.actions.map(\.kind) == [.create, .update, .stop])
        #expect(result.summary.hardware == HardwareDelta(cpuMillis: 4000, memoryBytes: 8 << 30, diskBytes: 16 << 30))
        #expect(result.summary.hardware.description == "+4 cpus, +8Gi memory, +16Gi disk")
    }

    @Test func hardwareDeltaPrintsSignedQuantitiesAndLeavesOutZeros() {
        let delta = HardwareDelta(cpuMillis: -500, memoryBytes: 512 << 20, diskBytes: 0, gpus: -1)
        #expect(delta.description == "-0.5 cpus, +512Mi memory, -1 gpus")
        #expect(delta.diskText == "0")
        #expect(HardwareDelta.zero.description == "")
    }
}
