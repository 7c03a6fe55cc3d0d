import Testing

@testable import GitspacesCore

/// Plans between two config revisions, from YAML through `ManifestLoader`, as `gitspaces diff --base --head` does.
@Suite struct PlanManifestTests {
    static let profiles = """
        apiVersion: gitspaces/v1
        kind: HardwareProfile
        metadata: {name: medium}
        spec: {cpus: 2, memory: 4Gi, disk: 32Gi}
        ---
        apiVersion: gitspaces/v1
        kind: HardwareProfile
        metadata: {name: large}
        spec: {cpus: 8, memory: 16Gi, disk: 64Gi}
        """

    static func gitspace(_ name: String, hardware: String = "medium", extra: String = "") -> String {
        """

        ---
        apiVersion: gitspaces/v1
        kind: Gitspace
        metadata: {name: \(name), labels: {team: payments}}
        spec:
          repo: https://git.example.com/acme/payments.git
          branch: main
          hardware: \(hardware)
        \(extra)
        """
    }

    func diff(base: String, head: String, options: PlanOptions = PlanOptions()) throws -> Plan {
        let before = try PlanFixtures.load(base)
        let after = try PlanFixtures.load(head)
        return plan(desired: after, observed: before.gitspaces.map { ObservedGitspace(desired: $0) }, options: options)
    }

    @Test func editingAProfileUpdatesEveryGitspaceThatUsesIt() throws {
        let users = ["alice", "bob", "carol"].map { Self.gitspace($0) }.joined()
        let other = Self.gitspace("dave", hardware: "large")
        let base = Self.profiles + users + other
        let head = base.replacingFirst(
            "spec: {cpus: 2, memory: 4Gi, disk: 32Gi}", with: "spec: {cpus: 4, memory: 8Gi, disk: 32Gi}")
        let result = try diff(base: base, head: head)
        #expect(result.actions.map(\.name) == ["alice", "bob", "carol"])
        #expect(result.actions.allSatisfy { $0.kind == .update })
        #expect(
            result.actions.allSatisfy {
                $0.changes == [
                    FieldChange(field: "hardware.cpus", old: "2", new: "4"),
                    FieldChange(field: "hardware.memory", old: "4Gi", new: "8Gi"),
                ]
            })
        #expect(result.summary.hardware.description == "+6 cpus, +12Gi memory")
    }

    @Test func growingAProfileDiskUpdatesItsUsersInPlace() throws {
        let base = Self.profiles + Self.gitspace("alice") + Self.gitspace("bob", hardware: "large")
        let head = base.replacingFirst("disk: 32Gi", with: "disk: 64Gi")
        let result = try diff(base: base, head: head)
        #expect(result.actions.map { "\($0.kind) \($0.name)" } == ["update alice"])
        #expect(result.summary.hardware.description == "+32Gi disk")
    }

    @Test func oneCommitChangingStateHardwareAndEnv() throws {
        let base = Self.profiles + Self.gitspace("alice") + Self.gitspace("bob") + Self.gitspace("carol")
        let head =
            Self.profiles
            + Self.gitspace("alice", hardware: "large", extra: "  state: stopped\n  env: {TZ: Europe/Berlin}")
            + Self.gitspace("bob", extra: "  state: stopped")
            + Self.gitspace("carol", hardware: "{cpus: 4, memory: 8Gi, disk: 32Gi}", extra: "  owner: carol")
        let result = try diff(base: base, head: head)
        #expect(result.actions.map { "\($0.kind) \($0.name)" } == ["update carol", "replace alice", "stop bob"])
        try #require(result.actions.count == 3)
        #expect(result.actions[0].changes.map(\.field) == ["hardware.cpus", "hardware.memory", "owner"])
        #expect(
            result.actions[1].changes.map(\.field) == [
                "state", "hardware.cpus", "hardware.memory", "hardware.disk", "env.TZ",
            ])
        #expect(result.actions[1].running == false)
    }

    @Test func profileSwitchThatGrowsDiskIsAnInPlaceUpdate() throws {
        let base = Self.profiles + Self.gitspace("carol")
        let head = Self.profiles + Self.gitspace("carol", hardware: "large")
        let result = try diff(base: base, head: head)
        #expect(result.actions.map(\.kind) == [.update])
        #expect(result.actions.first?.changes.map(\.field) == ["hardware.cpus", "hardware.memory", "hardware.disk"])
    }

    @Test func renamingInTheManifestDeletesAndCreates() throws {
        let base = Self.profiles + Self.gitspace("alice")
        let head = Self.profiles + Self.gitspace("alice-renamed")
        let result = try diff(base: base, head: head)
        #expect(result.actions.map { "\($0.kind) \($0.name)" } == ["create alice-renamed", "delete alice"])
        #expect(result.actions.last?.data == .kept)
    }

    @Test func labelsAndOwnerOnlyMakeNoChanges() throws {
        let base = Self.profiles + Self.gitspace("alice")
        let head =
            Self.profiles
            + Self.gitspace("alice", extra: "  owner: alice").replacingFirst("team: payments", with: "team: billing")
        let result = try diff(base: base, head: head)
        #expect(!result.hasChanges)
        #expect(result.renderText() == "No changes.")
    }

    @Test func thePolicyOfTheHeadRevisionLimitsDeletions() throws {
        let base = Self.profiles + ["a", "b", "c"].map { Self.gitspace($0) }.joined()
        let policy =
            "\n---\napiVersion: gitspaces/v1\nkind: Policy\nmetadata: {name: default}\nspec: {maxDeletions: 1}\n"
        let head = Self.profiles + Self.gitspace("a") + policy
        let result = try diff(base: base, head: head)
        #expect(result.summary.delete == 2)
        #expect(
            result.refusal?.message
                == "this plan deletes 2 Gitspaces, more than the policy's maxDeletions of 1; pass --allow-mass-delete to apply it"
        )
    }
}

extension String {
    /// `self` with the first occurrence of `target` replaced (stdlib only; Foundation is not imported here).
    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        var index = startIndex
        while index < endIndex {
            if self[index...].hasPrefix(target) {
                let end = self.index(index, offsetBy: target.count)
                return String(self[..<index]) + replacement + String(self[end...])
            }
            index = self.index(after: index)
        }
        return self
    }
}
