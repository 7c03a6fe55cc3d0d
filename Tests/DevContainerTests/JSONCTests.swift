import DevContainer
import Shared
import Testing

@Suite struct JSONCTests {
    @Test func everyValueAndKeyHasItsLineAndColumn() throws {
        let text = """
            {
              "a": 1,
              "b": [true, false, null],
              "c": {"d": "e"}
            }
            """
        let root = try JSONC.parse(text).root
        #expect(root.mark == JSONMark(line: 1, column: 1))
        let members = try #require(root.object)
        #expect(members.map(\.key) == ["a", "b", "c"])
        #expect(members[0].keyMark == JSONMark(line: 2, column: 3))
        #expect(members[0].value.mark == JSONMark(line: 2, column: 8))
        let items = try #require(root["b"]?.array)
        #expect(
            items.map(\.mark) == [
                JSONMark(line: 3, column: 9), JSONMark(line: 3, column: 15), JSONMark(line: 3, column: 22),
            ])
        #expect(items.map(\.kind) == [.bool(true), .bool(false), .null])
        let inner = try #require(root["c"]?.object?.first)
        #expect(inner.keyMark == JSONMark(line: 4, column: 9))
        #expect(inner.value.mark == JSONMark(line: 4, column: 14))
        #expect(inner.value.string == "e")
    }

    @Test func commentsAndTrailingCommasAreAccepted() throws {
        let text = """
            // leading comment
            {
              /* block */ "a": [1, 2,], // after a value
              "b": { "c": 3, }, /* between
              lines */
            }
            // trailing comment
            """
        let root = try JSONC.parse(text).root
        #expect(
            root.canonical == .object(["a": .array([.number("1"), .number("2")]), "b": .object(["c": .number("3")])]))
        #expect(root["a"]?.mark == JSONMark(line: 3, column: 20))
    }

    @Test func allJSONEscapesAreDecoded() throws {
        let text = #"["\"\\\/\b\f\n\r\t", "\u00e9\u0041", "\ud83d\ude80", "\u0000"]"#
        let items = try #require(try JSONC.parse(text).root.array)
        #expect(items.map(\.string) == ["\"\\/\u{08}\u{0C}\n\r\t", "éA", "🚀", "\u{0}"])
    }

    @Test func numbersKeepTheirLiteralAndConvert() throws {
        let items = try #require(
            try JSONC.parse("[0, -0, 42, -7, 1.5e3, 1E-2, 3.0, 1e2, 123456789012345678901234567890]").root.array)
        let numbers = items.compactMap(\.number)
        #expect(
            numbers.map(\.literal) == [
                "0", "-0", "42", "-7", "1.5e3", "1E-2", "3.0", "1e2", "123456789012345678901234567890",
            ])
        #expect(numbers.map(\.intValue) == [0, 0, 42, -7, 1500, nil, 3, 100, nil])
        #expect(numbers[4].doubleValue == 1500)
    }

    @Test func aRepeatedKeyKeepsTheLastValueInTheFirstPlaceAndIsReported() throws {
        let document = try JSONC.parse(#"{"a": 1, "b": {"x": 1, "x": 2}, "a": 3}"#)
        let members = try #require(document.root.object)
        #expect(members.map(\.key) == ["a", "b"])
        #expect(members[0].value.number?.literal == "3")
        #expect(members[0].keyMark == JSONMark(line: 1, column: 33))
        #expect(document.root["b"]?["x"]?.number?.literal == "2")
        #expect(
            document.duplicateKeys == [
                JSONDuplicateKey(
                    key: "x", objectPath: "b", overridden: JSONMark(line: 1, column: 16),
                    winner: JSONMark(line: 1, column: 24)),
                JSONDuplicateKey(
                    key: "a", objectPath: "", overridden: JSONMark(line: 1, column: 2),
                    winner: JSONMark(line: 1, column: 33)),
            ])
        #expect(document.duplicateKeys.map(\.path) == ["b.x", "a"])
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let root = try JSONC.parse(#"{"é": "ü🚀", "x": 1}"#).root
        #expect(root.object?.last?.keyMark == JSONMark(line: 1, column: 13))
    }

    @Test func crlfAndCRCountAsOneLineBreak() throws {
        let root = try JSONC.parse("{\r\n  \"a\": 1,\r  \"b\": 2\r\n}").root
        #expect(root.object?.map(\.keyMark) == [JSONMark(line: 2, column: 3), JSONMark(line: 3, column: 3)])
    }

    @Test func aByteOrderMarkIsSkipped() throws {
        let root = try JSONC.parse(bytes: [0xEF, 0xBB, 0xBF] + Array(#"{"a": true}"#.utf8)).root
        #expect(root["a"]?.bool == true)
    }

    @Test func canonicalRenderingSortsKeysAndEscapes() throws {
        let root = try JSONC.parse(#"{"b": "x\ny\u0001", "a": [1, {"d": null, "c": false}], "é": "/"}"#).root
        #expect(root.canonical.rendered(pretty: false) == #"{"a":[1,{"c":false,"d":null}],"b":"x\ny\u0001","é":"/"}"#)
    }

    struct Failure: CustomStringConvertible, Sendable {
        var text: String
        var line: Int
        var column: Int
        var message: String
        var description: String { text }
    }

    static let failures: [Failure] = [
        Failure(
            text: #"{"a": 1 "b": 2}"#, line: 1, column: 9,
            message: #"expected ',' or '}' after an object member, found '"'"#),
        Failure(text: "[1 2]", line: 1, column: 4, message: "expected ',' or ']' after an array element, found '2'"),
        Failure(
            text: #"{"a" 1}"#, line: 1, column: 6, message: #"expected ':' after the property name "a", found '1'"#),
        Failure(
            text: "{a: 1}", line: 1, column: 2, message: "expected a property name in double quotes or '}', found 'a'"),
        Failure(
            text: "{'a': 1}", line: 1, column: 2, message: "object keys must be in double quotes, not single quotes"),
        Failure(
            text: #"{"a": 'b'}"#, line: 1, column: 7, message: "strings must be in double quotes, not single quotes"),
        Failure(text: "[,]", line: 1, column: 2, message: "unexpected ','; expected a value"),
        Failure(text: #"{"a": }"#, line: 1, column: 7, message: "unexpected '}'; expected a value"),
        Failure(text: #"{"a": 01}"#, line: 1, column: 7, message: "invalid number: leading zeros are not allowed"),
        Failure(text: "[-]", line: 1, column: 2, message: "invalid number: expected a digit after '-'"),
        Failure(text: "[1.]", line: 1, column: 2, message: "invalid number: expected a digit after '.'"),
        Failure(text: "[1e+]", line: 1, column: 2, message: "invalid number: expected a digit in the exponent"),
        Failure(
            text: #"{"a": NaN}"#, line: 1, column: 7,
            message:
                "unexpected 'NaN'; expected a value (a string in double quotes, a number, true, false, null, an array or an object)"
        ),
        Failure(
            text: #"{"a": "x\qy"}"#, line: 1, column: 9,
            message: #"invalid escape '\q' in a string; valid escapes are \" \\ \/ \b \f \n \r \t \uXXXX"#),
        Failure(text: #"["\u12G4"]"#, line: 1, column: 3, message: "invalid \\u escape: expected 4 hexadecimal digits"),
        Failure(
            text: #"["\ud800x"]"#, line: 1, column: 3,
            message: "invalid \\u escape: the high surrogate \\uD800 is not followed by a low surrogate"),
        Failure(text: #"["\udc00"]"#, line: 1, column: 3, message: "invalid \\u escape: lone low surrogate \\uDC00"),
        Failure(text: "{}\n{}", line: 2, column: 1, message: "unexpected '{' after the end of the top-level value"),
        Failure(text: "", line: 1, column: 1, message: "the text is empty; expected a JSON value"),
        Failure(text: "  // only a comment\n", line: 2, column: 1, message: "the text is empty; expected a JSON value"),
        Failure(
            text: "{\"a\": 1,\n  \"b\": 2\n", line: 3, column: 1,
            message: "unexpected end of input; expected ',' or '}' after an object member"),
        Failure(
            text: "[1,\n", line: 2, column: 1,
            message: "unexpected end of input; the array opened at 1:1 is never closed by ']'"),
        Failure(
            text: "{\n  /* unterminated", line: 2, column: 3,
            message: "unterminated block comment: '/*' is never closed by '*/'"),
        Failure(text: #"{"a": "abc"#, line: 1, column: 7, message: "unterminated string: the closing '\"' is missing"),
        Failure(
            text: "{\"a\": \"ab\ncd\"}", line: 1, column: 7,
            message: "unterminated string: a string cannot span lines (write \\n for a line break)"),
        Failure(
            text: "{\"a\": \"a\tb\"}", line: 1, column: 9,
            message: "control character U+0009 must be escaped in a string"),
        Failure(text: "/ {}", line: 1, column: 1, message: "unexpected '/': comments start with '//' or '/*'"),
        Failure(
            text: "{\"a\": 1}\u{0}", line: 1, column: 9,
            message: "unexpected character U+0000 after the end of the top-level value"),
    ]

    @Test(arguments: failures)
    func syntaxErrorsSayWhatAndWhere(_ failure: Failure) {
        #expect {
            try JSONC.parse(failure.text)
        } throws: { error in
            let error = error as? JSONCError
            return error?.code == .syntax && error?.line == failure.line && error?.column == failure.column
                && error?.message == failure.message
        }
    }

    @Test func anErrorPrintsLineColumnAndMessage() {
        let error = JSONCError(.syntax, "expected ',' or '}' after an object member", line: 3, column: 7)
        #expect(error.description == "3:7: expected ',' or '}' after an object member")
    }
}
