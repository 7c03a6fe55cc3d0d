import DevContainer
import Testing

/// Inputs written to hurt: each ends in a clear error (or a value), quickly, without a crash.
@Suite struct HostileJSONCTests {
    @Test func invalidUTF8IsRefusedAtItsPosition() {
        let bytes = Array("{\n  \"a\": \"x".utf8) + [0xFF] + Array("\"}".utf8)
        #expect {
            try JSONC.parse(bytes: bytes)
        } throws: { error in
            let error = error as? JSONCError
            return error?.code == .invalidUTF8 && error?.line == 2 && error?.column == 10
                && error?.message == "invalid UTF-8 (byte 0xFF)"
        }
    }

    @Test(arguments: [
        [0xC0, 0x80] as [UInt8],  // overlong NUL
        [0xED, 0xA0, 0x80],  // an encoded surrogate
        [0xF4, 0x90, 0x80, 0x80],  // past U+10FFFF
        [0xE2, 0x82],  // truncated at the end
        [0x80],  // a lone continuation byte
    ])
    func malformedSequencesAreRefused(_ sequence: [UInt8]) {
        #expect {
            try JSONC.parse(bytes: Array("[\"".utf8) + sequence)
        } throws: { error in
            let error = error as? JSONCError
            return error?.code == .invalidUTF8 && error?.line == 1 && error?.column == 3
        }
    }

    @Test func invalidUTF8InsideACommentIsRefusedToo() {
        #expect(throws: JSONCError.self) {
            try JSONC.parse(bytes: Array("// \u{1}".utf8) + [0xFE] + Array("\n{}".utf8))
        }
    }

    @Test func deepNestingIsRefusedAtTheLimitQuickly() {
        let depth = 100_000
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect {
            try JSONC.parse(text)
        } throws: { error in
            let error = error as? JSONCError
            return error?.code == .tooDeep && error?.line == 1 && error?.column == 257
                && error?.message == "nesting is deeper than 256 levels"
        }
    }

    @Test func nestingAtTheLimitParses() throws {
        let text = String(repeating: "{\"a\":", count: 255) + "[]" + String(repeating: "}", count: 255)
        _ = try JSONC.parse(text)
        #expect(throws: JSONCError.self) {
            try JSONC.parse(String(repeating: "{\"a\":", count: 256) + "[]" + String(repeating: "}", count: 256))
        }
    }

    @Test func hugeStringsWithinTheLimitParse() throws {
        let big = String(repeating: "x", count: 1 << 20)
        let root = try JSONC.parse("{\"k\": \"\(big)\"}").root
        #expect(root["k"]?.string?.utf8.count == 1 << 20)
    }

    @Test func stringsOverTheLimitAreRefusedAtTheirStart() {
        let big = String(repeating: "y", count: (1 << 20) + 10)
        #expect {
            try JSONC.parse("{\"k\": \"\(big)\"}")
        } throws: { error in
            let error = error as? JSONCError
            return error?.code == .tooLarge && error?.line == 1 && error?.column == 7
        }
    }

    @Test func inputOverTheLimitIsRefusedBeforeParsing() {
        #expect {
            try JSONC.parse(String(repeating: " ", count: 2048) + "{}", limits: JSONCLimits(maxInputBytes: 1024))
        } throws: { error in
            (error as? JSONCError)?.code == .tooLarge
        }
    }

    @Test func tooManyValuesAreRefused() {
        let text = "[" + Array(repeating: "0", count: 2000).joined(separator: ",") + "]"
        #expect {
            try JSONC.parse(text, limits: JSONCLimits(maxValues: 1000))
        } throws: { error in
            (error as? JSONCError)?.code == .tooLarge
        }
    }

    @Test func tensOfThousandsOfRepeatedKeysStayFast() throws {
        let text = "{" + Array(repeating: "\"a\": 1", count: 50_000).joined(separator: ",") + "}"
        let document = try JSONC.parse(text)
        #expect(document.root.object?.count == 1)
        #expect(document.duplicateKeys.count == 49_999)
    }

    @Test func aVeryLongNumberIsRefused() {
        #expect(throws: JSONCError.self) { try JSONC.parse(String(repeating: "9", count: 600)) }
    }

    @Test func everyPrefixOfARealConfigEndsInAValueOrAnError() throws {
        let text = try #require(CorpusCase.envAndUsers.config)
        let bytes = Array(text.utf8)
        for length in 0...bytes.count {
            _ = try? JSONC.parse(bytes: Array(bytes[0..<length]))
        }
        #expect(try JSONC.parse(bytes: bytes).root.object != nil)
    }

    @Test func randomMutationsNeverCrash() {
        var generator = SplitMix64(seed: 0x6174_7370_6163_6573)
        let seeds = CorpusCase.all.compactMap(\.config).map { Array($0.utf8) }
        let alphabet = Array("{}[],:\"\\/*\n tfn0-.eE".utf8) + [0x00, 0xFF, 0xC3, 0x80]
        var outcomes = 0
        for _ in 0..<3000 {
            var bytes = seeds[Int(generator.next() % UInt64(seeds.count))]
            for _ in 0..<(1 + Int(generator.next() % 4)) where !bytes.isEmpty {
                let position = Int(generator.next() % UInt64(bytes.count))
                switch generator.next() % 3 {
                case 0: bytes[position] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
                case 1: bytes.remove(at: position)
                default: bytes.insert(alphabet[Int(generator.next() % UInt64(alphabet.count))], at: position)
                }
            }
            if (try? JSONC.parse(bytes: bytes)) != nil { outcomes += 1 }
            _ = try? DevContainerConfig.parse(bytes: bytes, file: "fuzz.json")
        }
        #expect(outcomes < 3000, "some mutations must be refused")
    }
}

/// Hostile devcontainer.json files: bounded work however the keys and values are arranged.
@Suite struct HostileDevContainerTests {
    @Test func longKeysAboveManyValuesStayLinear() throws {
        let key = String(repeating: "k", count: 20_000)
        let values = Array(repeating: "0", count: 90_000).joined(separator: ",")
        let text =
            #"{"image": "x", "customizations": {"\#(key)": {"\#(key)": [\#(values)]}}, "postCreateCommand": {"\#(key)": ["a", "b"]}}"#
        let result = try Fixture.parse(text)
        #expect(result.config.customizations.count == 1)
    }

    @Test func repeatedKeysDeepUnderLongKeysStayBounded() throws {
        let key = String(repeating: "k", count: 5_000)
        let depth = 200
        let duplicates = Array(repeating: #""a": 1"#, count: 20_000).joined(separator: ",")
        let text =
            String(repeating: #"{"\#(key)": "#, count: depth) + "{\(duplicates)}" + String(repeating: "}", count: depth)
        let document = try JSONC.parse(text)
        #expect(document.duplicateKeys.count == 19_999)
        #expect(document.duplicateKeys.allSatisfy { $0.objectPath.count <= 201 })
    }

    @Test func aDevcontainerWithTooManyValuesIsRefused() {
        let values = Array(repeating: "1", count: 150_000).joined(separator: ",")
        #expect {
            try Fixture.parse(#"{"image": "x", "forwardPorts": [\#(values)]}"#)
        } throws: { error in
            (error as? DevContainerError)?.diagnostics.first?.message == "the document has more than 100000 values"
        }
    }
}
