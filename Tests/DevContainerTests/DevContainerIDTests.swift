import Testing

@testable import DevContainer

/// Expected values were computed outside Swift, twice: with Python (`hashlib.sha256`, then the
/// digest as an integer written in base 32 with digits 0-9a-v, left-padded to 52) and with Node
/// running the spec's own JavaScript (`JSON.stringify(labels, Object.keys(labels).sort())`,
/// `crypto.createHash('sha256')`, `BigInt(...).toString(32).padStart(52, '0')`). Both agreed.
@Suite struct DevContainerIDTests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (String(repeating: "a", count: 1000), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ])
    func sha256MatchesKnownVectors(_ message: String, _ digest: String) {
        #expect(SHA256.hex(Array(message.utf8)) == digest)
    }

    @Test func sha256HandlesEveryPaddingBoundary() {
        // Lengths around the 55/56/64-byte padding edges, checked against hashlib.
        #expect(
            SHA256.hex(Array(repeating: 0x61, count: 55))
                == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318")
        #expect(
            SHA256.hex(Array(repeating: 0x61, count: 56))
                == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a")
        #expect(
            SHA256.hex(Array(repeating: 0x61, count: 64))
                == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
    }

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
