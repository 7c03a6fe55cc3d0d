import Testing

@testable import DevContainer

/// Expected values were computed outside Swift, twice: with Python (`hashlib.sha256`, then the
/// digest as an integer written in base 32 with digits 0-9a-v, left-padded to 52) and with Node
/// running the spec's own JavaScript (`JSON.stringify(labels, Object.keys(labels).sort())`,
/// `crypto.createHash('sha256')`, `BigInt(...).toString(32).padStart(52, '0')`). Both agreed.
@Suite struct DevContainerIDTests {
    @Test(
        arguments: [
            (
                ["devcontainer.local_folder": "/home/user/project"],
                "0636es7m5ebjgb0oj6blb2nml0jvfssiq8i04fehmfvlfp61dlgn"
            ),
            (
                ["dev.gitspaces.instance": "default", "dev.gitspaces.name": "alice-payments"],
                "191jet025qgg7a2d8il46hf6e70ek6uj7sumc8pfr4f8hhi3inh2"
            ),
            (
                ["b": "2", "a": "quote\" back\\slash \n tab\t ctl\u{1} é ü 🚀"],
                "09ik2hro2akmqah5k94un1cnsd5bd0kg9tma6e7h2s9s9klmp2og"
            ),
            ([:], "0h0jduhlbcr7h88kdb8muvk697kkvd7s47v7fq1h1g30uoealvsa"),
        ] as [([String: String], String)])
    func devcontainerIdMatchesTheSpecAlgorithm(_ labels: [String: String], _ expected: String) {
        #expect(DevContainerID.compute(labels: labels) == expected)
    }

    @Test func theInputIsJavaScriptsStringifyWithSortedKeys() {
        #expect(DevContainerID.stringify(["b": "2", "a": "q\"\\\n\u{1}é"]) == #"{"a":"q\"\\\n\u0001é","b":"2"}"#)
    }

    @Test func theIdIsFiftyTwoBase32Digits() {
        for name in ["a", "b", "alice-payments", "x" + String(repeating: "y", count: 100)] {
            let id = DevContainerID.compute(labels: DevContainerID.gitspaceLabels(instance: "ci", name: name))
            #expect(id.count == 52)
            #expect(id.allSatisfy { "0123456789abcdefghijklmnopqrstuv".contains($0) })
        }
    }

    @Test func base32PadsSmallNumbers() {
        #expect(
            DevContainerID.base32(Array(repeating: 0, count: 31) + [33]) == String(repeating: "0", count: 50) + "11")
        #expect(DevContainerID.base32(Array(repeating: 0xFF, count: 32)) == "1" + String(repeating: "v", count: 51))
    }

    @Test func theResolvedConfigCarriesTheGitspacesId() throws {
        #expect(try Fixture.resolve(#"{"image": "x"}"#).resolved.devcontainerId == Fixture.devcontainerId)
    }
}
