import Testing
import YAMLKit

@Suite struct YAMLParseTests {
    @Test func marksAreOneBasedAndPointAtKeysAndValues() throws {
        let docs = try YAML.parse("a: 1\nbb:\n  c: hello\n")
        let root = try #require(docs.first?.root.mapping)
        #expect(root[0].key.mark == Mark(line: 1, column: 1))
        #expect(root[0].value.mark == Mark(line: 1, column: 4))
        let inner = try #require(root[1].value.mapping)
        #expect(inner[0].key.mark == Mark(line: 3, column: 3))
        #expect(inner[0].value.mark == Mark(line: 3, column: 6))
        #expect(inner[0].value.string == "hello")
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let docs = try YAML.parse("k: ünïcödé\nx: [é, 2]\n")
        let pairs = try #require(docs[0].root.mapping)
        let items = try #require(pairs[1].value.sequence)
        #expect(items[1].mark == Mark(line: 2, column: 8))
    }

    @Test(arguments: ["\n", "\r\n"])
    func aLeadingByteOrderMarkIsSkippedAndMarksStayOnTheText(newline: String) throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a: 1\(newline)bb:\(newline)  c: x\(newline)".utf8)
        let docs = try YAML.parse(bytes)
        let root = try #require(docs.first?.root.mapping)
        #expect(root[0].key.mark == Mark(line: 1, column: 1))
        #expect(root[0].value.mark == Mark(line: 1, column: 4))
        let inner = try #require(root[1].value.mapping)
        #expect(inner[0].key.mark == Mark(line: 3, column: 3))
        #expect(inner[0].value.string == "x")
    }

    @Test func multiDocumentStreamsKeepEveryDocument() throws {
        let docs = try YAML.parse("a: 1\n---\nb: 2\n---\n# only a comment\n")
        #expect(docs.count == 3)
        #expect(docs[1].mark.line == 2)
        #expect(docs[2].isEmpty)
        #expect(!docs[0].isEmpty)
    }

    @Test func emptyInputHasNoDocuments() throws {
        #expect(try YAML.parse("").isEmpty)
        #expect(try YAML.parse("# nothing\n").isEmpty)
    }

    @Test(arguments: [
        ("42", ScalarValue.int(42)), ("-7", .int(-7)), ("0x1F", .int(31)), ("0o17", .int(15)),
        ("0.5", .float(0.5)), ("1e3", .float(1000)), ("true", .bool(true)), ("False", .bool(false)),
        ("~", .null), ("null", .null), ("no", .string("no")), ("on", .string("on")),
        ("'42'", .string("42")), ("\"true\"", .string("true")), ("!!str 12", .string("12")),
        ("8Gi", .string("8Gi")), ("1.2.3", .string("1.2.3")), (".", .string(".")),
    ])
    func scalarsResolveWithTheCoreSchema(text: String, expected: ScalarValue) throws {
        let docs = try YAML.parse("v: \(text)\n")
        let value = try #require(docs[0].root.mapping?.first?.value)
        #expect(value.value == expected)
    }

    @Test func aliasesAreResolved() throws {
        let docs = try YAML.parse("base: &b {cpus: 2}\nother: *b\n")
        let pairs = try #require(docs[0].root.mapping)
        #expect(pairs[1].value.mapping?.first?.value.value == .int(2))
    }

    @Test func mergeKeysAddOnlyKeysNotSetExplicitly() throws {
        let docs = try YAML.parse("base: &b {cpus: 2, memory: 4Gi}\nsmall:\n  <<: *b\n  cpus: 1\n")
        let small = try #require(docs[0].root.mapping?[1].value.mapping)
        #expect(small.map { $0.key.string } == ["cpus", "memory"])
        #expect(small[0].value.value == .int(1))
        #expect(small[1].value.string == "4Gi")
    }

    @Test func duplicateKeysAreRefusedAtTheSecondKey() {
        #expect {
            try YAML.parse("metadata:\n  name: a\n  name: b\n")
        } throws: { error in
            let error = error as? YAMLError
            return error?.code == .duplicateKey && error?.mark == Mark(line: 3, column: 3)
                && error?.message.contains("first set at 2:3") == true
        }
    }

    @Test func undefinedAliasIsAClearError() {
        #expect {
            try YAML.parse("a: *nope\n")
        } throws: { error in
            let error = error as? YAMLError
            return error?.code == .undefinedAlias && error?.mark == Mark(line: 1, column: 4)
        }
    }

    @Test func syntaxErrorsCarryLibyamlsProblemAndMark() {
        #expect {
            try YAML.parse("a: 1\n b: 2\nc: [1, 2\n")
        } throws: { error in
            let error = error as? YAMLError
            return error?.code == .syntax && error?.mark == Mark(line: 2, column: 3)
                && error?.message.contains("mapping values are not allowed") == true
        }
    }

    @Test func unclosedFlowSequenceNamesWhereItStarted() {
        #expect {
            try YAML.parse("a: [1, 2\nb: 3\n")
        } throws: { error in
            let error = error as? YAMLError
            return error?.code == .syntax && error?.message.contains("started at 1:4") == true
        }
    }
}
