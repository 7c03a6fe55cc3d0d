import Foundation
import Testing

@testable import GitspacesCore

/// `ResolvedSpec.hash`, the value of the `dev.gitspaces.spec-hash` label.
@Suite struct PlanSpecHashTests {
    static let spec = ResolvedSpec(PlanFixtures.gitspace())

    @Test func isStableAcrossRunsAndPlatforms() {
        // Pinned (the second checked with Python's hashlib over the same canonical text): a change here changes
        // every new container's label. Older containers carry the FNV-1a digest (16886e303139fc6e for the second)
        // and are compared through their spec label instead (see `ContainerIdentity.specHash(fromLabels:)`).
        #expect(Self.spec.hash == "7913dfe2701275d3")
        #expect(ResolvedSpec(repo: "https://h.example/a.git").hash == "1b66c686a2b8c888")
    }

    @Test func isSixteenLowercaseHexDigits() {
        #expect(Self.spec.hash.count == 16)
        #expect(Self.spec.hash.allSatisfy { "0123456789abcdef".contains($0) })
    }

    @Test(arguments: [
        PlanSpecEdit("labels") { $0.labels = ["x": "y"] },
        PlanSpecEdit("owner") { $0.owner = "bob" },
        PlanSpecEdit("deletionPolicy") { $0.deletionPolicy = .delete },
        PlanSpecEdit("cpus") { $0.hardware.cpus = CPUs(millis: 8000) },
        PlanSpecEdit("memory") { $0.hardware.memory = PlanFixtures.gib(64) },
        PlanSpecEdit("branch") { $0.branch = "other" },
        PlanSpecEdit("key order") {
            $0.authorizedKeys = [PlanFixtures.bobKey, PlanFixtures.aliceKey]
            $0.authorizedKeys.reverse()
        },
    ])
    func ignoresWhatNeedsNoNewContainer(_ edit: PlanSpecEdit) {
        var base = Self.spec
        base.authorizedKeys = [PlanFixtures.aliceKey, PlanFixtures.bobKey]
        var changed = base
        edit.apply(&changed)
        #expect(changed.hash == base.hash, "\(edit.name)")
    }

    @Test(arguments: [
        PlanSpecEdit("repo") { $0.repo = "https://h.example/b.git" },
        PlanSpecEdit("devcontainer") { $0.devcontainer = nil },
        PlanSpecEdit("image") { $0.image = "base:1" },
        PlanSpecEdit("disk") { $0.hardware.disk = PlanFixtures.gib(17) },
        PlanSpecEdit("disk limit") { $0.hardware.disk = nil },
        PlanSpecEdit("gpus") { $0.hardware.gpus = 2 },
        PlanSpecEdit("env value") { $0.env["TZ"] = "UTC " },
        PlanSpecEdit("env key") { $0.env = ["TZ2": "UTC"] },
        PlanSpecEdit("authorized keys") { $0.authorizedKeys = [] },
        PlanSpecEdit("credentials") { $0.credentials = "other" },
        PlanSpecEdit("credentials removed") { $0.credentials = nil },
    ])
    func changesWithEveryContainerField(_ edit: PlanSpecEdit) {
        var changed = Self.spec
        edit.apply(&changed)
        #expect(changed.hash != Self.spec.hash, "\(edit.name)")
    }

    @Test func lengthPrefixesKeepNeighbouringFieldsApart() {
        let one = ResolvedSpec(repo: "r", env: ["A": "BC"])
        let two = ResolvedSpec(repo: "r", env: ["AB": "C"])
        #expect(one.hash != two.hash)
    }

    @Test func roundTripsThroughCodable() throws {
        var spec = Self.spec
        spec.image = "base:1"
        spec.hardware = Hardware(cpus: CPUs(millis: 1500), memory: ByteSize(bytes: 1536 << 20), disk: nil, gpus: 1)
        let observed = ObservedGitspace(name: "x", spec: spec, running: true, commit: "abc")
        let decoded = try JSONDecoder().decode(ObservedGitspace.self, from: JSONEncoder().encode(observed))
        #expect(decoded == observed)
        #expect(decoded.spec.hash == spec.hash)
    }

    @Test func desiredGitspacesResolveWithoutAnImage() {
        let observed = ObservedGitspace(desired: PlanFixtures.gitspace())
        #expect(observed.spec == Self.spec)
        #expect(observed.spec.image == nil)
        #expect(observed.running)
        var stopped = PlanFixtures.gitspace()
        stopped.state = .stopped
        #expect(!ObservedGitspace(desired: stopped).running)
        #expect(ObservedGitspace(desired: stopped, running: true).running)
    }
}

/// A named change to a spec, for table-driven tests.
struct PlanSpecEdit: Sendable, CustomTestStringConvertible {
    var name: String
    var apply: @Sendable (inout ResolvedSpec) -> Void

    init(_ name: String, _ apply: @escaping @Sendable (inout ResolvedSpec) -> Void) {
        self.name = name
        self.apply = apply
    }

    var testDescription: String { name }
}
