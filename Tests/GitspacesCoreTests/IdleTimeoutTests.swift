import Testing

@testable import GitspacesCore

@Suite struct IdleTimeoutTests {
    @Test(arguments: [
        ("30m", 1800), ("2h", 7200), ("90s", 90), ("1h30m", 5400), ("1h0m5s", 3605), ("0", 0), ("0s", 0),
    ])
    func durationsParseToSeconds(text: String, seconds: Int) {
        #expect(IdleTimeout(parsing: text)?.seconds == seconds)
    }

    @Test(arguments: ["", "30", "m", "30x", "1m1h", "-5m", "1.5h", "30 m", "1h1h", "1s30m"])
    func malformedDurationsAreRefused(text: String) {
        #expect(IdleTimeout(parsing: text) == nil)
    }

    @Test func durationsAreShownAsTheManifestsWriteThem() {
        #expect(IdleTimeout(seconds: 5400).description == "1h30m")
        #expect(IdleTimeout(seconds: 90).description == "1m30s")
        #expect(IdleTimeout(seconds: 0).description == "0")
    }

    @Test func aGitspaceTimeoutWinsOverThePolicyDefaultAndZeroMeansNever() throws {
        let policy = """
            apiVersion: gitspaces/v1
            kind: Policy
            metadata: {name: acme}
            spec: {idleTimeout: 2h}
            """
        let state = try load([
            "policy.yaml": policy,
            "a.yaml": validGitspace.replacingOccurrences("alice-payments", "a") + "  idleTimeout: 30m\n",
            "b.yaml": validGitspace.replacingOccurrences("alice-payments", "b"),
            "c.yaml": validGitspace.replacingOccurrences("alice-payments", "c") + "  idleTimeout: 0\n",
        ])
        let timeouts = Dictionary(uniqueKeysWithValues: state.gitspaces.map { ($0.name, $0.idleTimeout) })
        #expect(timeouts["a"] == IdleTimeout(seconds: 1800))
        #expect(timeouts["b"] == IdleTimeout(seconds: 7200))
        #expect(timeouts["c"]??.isNever == true)
        #expect(try load(["b.yaml": validGitspace]).gitspaces.first?.idleTimeout == nil)
    }

    @Test func aHardwareProfileTimeoutIsTheDefaultOfItsGitspacesOverThePolicys() throws {
        let others = """
            apiVersion: gitspaces/v1
            kind: Policy
            metadata: {name: acme}
            spec: {idleTimeout: 2h}
            ---
            apiVersion: gitspaces/v1
            kind: HardwareProfile
            metadata: {name: gpu}
            spec: {cpus: 8, memory: 32Gi, idleTimeout: 15m}
            ---
            apiVersion: gitspaces/v1
            kind: HardwareProfile
            metadata: {name: default}
            spec: {cpus: 1, memory: 1Gi, idleTimeout: 0}
            """
        let state = try load([
            "others.yaml": others,
            "a.yaml": validGitspace.replacingOccurrences("alice-payments", "a") + "  hardware: gpu\n",
            "b.yaml": validGitspace.replacingOccurrences("alice-payments", "b")
                + "  hardware: gpu\n  idleTimeout: 45m\n",
            "c.yaml": validGitspace.replacingOccurrences("alice-payments", "c")
                + "  hardware: {cpus: 1, memory: 1Gi}\n",
            "d.yaml": validGitspace.replacingOccurrences("alice-payments", "d"),
        ])
        let timeouts = Dictionary(uniqueKeysWithValues: state.gitspaces.map { ($0.name, $0.idleTimeout) })
        #expect(timeouts["a"] == IdleTimeout(seconds: 900))
        #expect(timeouts["b"] == IdleTimeout(seconds: 2700))
        #expect(timeouts["c"] == IdleTimeout(seconds: 7200))
        #expect(timeouts["d"] == IdleTimeout(seconds: 0))
        #expect(
            diagnostics([
                "p.yaml": "kind: HardwareProfile\napiVersion: gitspaces/v1\nmetadata: {name: x}\n"
                    + "spec: {cpus: 1, memory: 1Gi, idleTimeout: true}\n"
            ]).first?.hasPrefix(
                "p.yaml:4:43: error: spec.idleTimeout 'true' is not a duration") == true)
    }

    @Test func badTimeoutsAreReportedAtTheirValue() {
        let policy = """
            apiVersion: gitspaces/v1
            kind: Policy
            metadata: {name: acme}
            spec:
              idleTimeout: soon
            """
        #expect(
            diagnostics(["g.yaml": validGitspace + "  idleTimeout: 90\n", "p.yaml": policy]) == [
                "g.yaml:7:16: error: spec.idleTimeout '90' is not a duration: use a number with h, m or s (30m, 2h, "
                    + "90s, 1h30m), or 0 for never (did you mean '1m30s'?)",
                "p.yaml:5:16: error: spec.idleTimeout 'soon' is not a duration: use a number with h, m or s (30m, 2h, "
                    + "90s, 1h30m), or 0 for never",
            ])
    }

    @Test func changingTheTimeoutChangesNoPlanAndNoSpecHash() throws {
        let before = try load(["g.yaml": validGitspace + "  idleTimeout: 30m\n"])
        let after = try load(["g.yaml": validGitspace + "  idleTimeout: 2h\n"])
        let observed = before.gitspaces.map { ObservedGitspace(desired: $0) }
        #expect(plan(desired: after, observed: observed).actions.isEmpty)
        #expect(ResolvedSpec(before.gitspaces[0]).hash == ResolvedSpec(after.gitspaces[0]).hash)
    }
}
