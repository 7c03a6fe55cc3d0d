import Foundation
import Testing

@testable import GitspacesCore

/// The resolved devcontainer.json and pending lifecycle hooks in specs and plans.
@Suite struct PlanDevcontainerTests {
    static let base = ResolvedSpec(PlanFixtures.gitspace())

    @Test func noDevcontainerConfigKeepsTheHashOfSpecsWithoutOne() {
        var spec = Self.base
        spec.devcontainerConfig = nil
        #expect(spec.hash == Self.base.hash)
        #expect(ResolvedSpec(repo: "r", devcontainerConfig: [:]).hash == ResolvedSpec(repo: "r").hash)
        spec.devcontainerConfig = ["containerEnv": "{\"A\":\"b\"}"]
        #expect(spec.hash != Self.base.hash)
    }

    @Test func aChangedDevcontainerKeyReplacesAndNamesTheKey() {
        var old = Self.base
        old.devcontainerConfig = ["containerEnv": "{\"A\":\"b\"}", "remoteUser": "\"dev\""]
        var new = old
        new.devcontainerConfig = ["containerEnv": "{\"A\":\"c\"}", "remoteUser": "\"dev\""]
        let desired = PlanFixtures.desired([PlanFixtures.gitspace()])
        let plan = plan(
            desired: desired, observed: [ObservedGitspace(name: "alice-payments", spec: old, running: true)],
            options: PlanOptions(resolved: ["alice-payments": new]))
        #expect(plan.actions.map(\.kind) == [.replace])
        #expect(
            plan.actions.first?.changes == [
                FieldChange(field: "devcontainer.json:containerEnv", old: "{\"A\":\"b\"}", new: "{\"A\":\"c\"}")
            ])
    }

    @Test func pendingHooksPlanAnUpdateWithoutChangingTheHash() {
        var observed = Self.base
        observed.lifecycle = "postCreateCommand pending"
        var desired = Self.base
        desired.lifecycle = "done"
        #expect(observed.hash == desired.hash)
        let plan = plan(
            desired: PlanFixtures.desired([PlanFixtures.gitspace()]),
            observed: [ObservedGitspace(name: "alice-payments", spec: observed, running: true)],
            options: PlanOptions(resolved: ["alice-payments": desired]))
        #expect(plan.actions.map(\.kind) == [.update])
        #expect(
            plan.actions.first?.changes == [
                FieldChange(field: "lifecycle", old: "postCreateCommand pending", new: "done")
            ])
    }

    @Test func aLongValueIsAbbreviatedWithADigest() {
        let long = "\"" + String(repeating: "x", count: 200) + "\""
        let other = "\"" + String(repeating: "x", count: 199) + "y\""
        let shown = ResolvedSpec.abbreviate(json: long)
        #expect(shown.count < 120)
        #expect(shown != ResolvedSpec.abbreviate(json: other))
        #expect(ResolvedSpec.abbreviate(json: "{\"A\":\"b\"}") == "{\"A\":\"b\"}")
    }

    @Test func aLabelWrittenBeforeDevcontainerConfigStillDecodes() throws {
        let encoder = JSONEncoder()
        var withConfig = Self.base
        withConfig.devcontainerConfig = ["init": "true"]
        let decoded = try JSONDecoder().decode(ResolvedSpec.self, from: try encoder.encode(withConfig))
        #expect(decoded == withConfig)
        var json = try #require(
            try JSONSerialization.jsonObject(with: try encoder.encode(Self.base)) as? [String: Any])
        json["devcontainerConfig"] = nil
        json["lifecycle"] = nil
        let old = try JSONDecoder().decode(ResolvedSpec.self, from: try JSONSerialization.data(withJSONObject: json))
        #expect(old == Self.base)
    }
}
