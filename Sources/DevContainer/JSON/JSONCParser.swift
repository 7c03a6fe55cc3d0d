/// A recursive-descent reader over validated UTF-8 bytes; depth is bounded, so recursion is too.
struct JSONCParser {
    private enum PathComponent {
        case key(String)
        case index(Int)
    }

    private let bytes: [UInt8]
    private let limits: JSONCLimits
    private var index = 0
    private var line = 1
    private var column = 1
    private var valueCount = 0
    private var duplicates: [JSONDuplicateKey] = []
    private var path: [PathComponent] = []

    init(bytes: [UInt8], limits: JSONCLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    /// The line and column of a byte offset (columns count scalars).
    static func mark(atOffset offset: Int, in bytes: [UInt8]) -> JSONMark {
        var line = 1
        var column = 1
        var index = 0
        while index < offset {
            let byte = bytes[index]
            if byte == 0x0A || (byte == 0x0D && (index + 1 >= bytes.count || bytes[index + 1] != 0x0A)) {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 && byte != 0x0D {
                column += 1
            }
            index += 1
        }
        return JSONMark(line: line, column: column)
    }

    mutating func parseDocument() throws(JSONCError) -> JSONCDocument {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            index = 3
        }
        try skipTrivia()
        guard index < bytes.count else {
            throw error("the text is empty; expected a JSON value")
        }
        let root = try parseValue(depth: 0)
        try skipTrivia()
        guard index >= bytes.count else {
            throw error("unexpected \(describeCurrent()) after the end of the top-level value")
        }
        return JSONCDocument(root: root, duplicateKeys: duplicates)
    }

    // MARK: - Position

    private var mark: JSONMark { JSONMark(line: line, column: column) }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func advance() {
        let byte = bytes[index]
        index += 1
        if byte == 0x0A {
            line += 1
            column = 1
        } else if byte == 0x0D {
            if index >= bytes.count || bytes[index] != 0x0A {
                line += 1
                column = 1
            }
        } else if byte & 0xC0 != 0x80 {
            column += 1
        }
    }

    private func error(_ message: String, at mark: JSONMark? = nil, code: JSONCError.Code = .syntax) -> JSONCError {
        let position = mark ?? self.mark
        return JSONCError(code, message, line: position.line, column: position.column)
    }

    /// The character at the current position, quoted for a message.
    private func describeCurrent() -> String {
        guard index < bytes.count else { return "end of input" }
        let lead = bytes[index]
        let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        let end = min(index + length, bytes.count)
        let text = String(decoding: bytes[index..<end], as: UTF8.self)
        guard let scalar = text.unicodeScalars.first else { return "end of input" }
        if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) {
            return "character U+" + hex(scalar.value, width: 4)
        }
        return "'\(text)'"
    }

    private func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    // MARK: - Trivia

    private mutating func skipTrivia() throws(JSONCError) {
        while let byte = current {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D:
                advance()
            case UInt8(ascii: "/"):
                let start = mark
                let next = index + 1 < bytes.count ? bytes[index + 1] : 0
                if next == UInt8(ascii: "/") {
                    while let byte = current, byte != 0x0A, byte != 0x0D { advance() }
                } else if next == UInt8(ascii: "*") {
                    advance()
                    advance()
                    while true {
                        guard let byte = current else {
                            throw error("unterminated block comment: '/*' is never closed by '*/'", at: start)
                        }
                        if byte == UInt8(ascii: "*"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "/") {
                            advance()
                            advance()
                            break
                        }
                        advance()
                    }
                } else {
                    throw error("unexpected '/': comments start with '//' or '/*'")
                }
            default:
                return
            }
        }
    }

    // MARK: - Values

    private mutating func countValue(at mark: JSONMark) throws(JSONCError) {
        valueCount += 1
        guard valueCount <= limits.maxValues else {
            throw error("the document has more than \(limits.maxValues) values", at: mark, code: .tooLarge)
        }
    }

    private mutating func parseValue(depth: Int) throws(JSONCError) -> JSONValue {
        try skipTrivia()
        let start = mark
        guard let byte = current else {
            throw error("unexpected end of input; expected a value")
        }
        try countValue(at: start)
        switch byte {
        case UInt8(ascii: "{"):
            return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["):
            return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""):
            return JSONValue(.string(try parseString()), mark: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return JSONValue(.number(try parseNumber()), mark: start)
        case UInt8(ascii: "'"):
            throw error("strings must be in double quotes, not single quotes")
        default:
            let word = readWord()
            switch word {
            case "true": return JSONValue(.bool(true), mark: start)
            case "false": return JSONValue(.bool(false), mark: start)
            case "null": return JSONValue(.null, mark: start)
            case "":
                throw error("unexpected \(describeCurrent()); expected a value")
            default:
                let shown = word.count > 40 ? String(word.prefix(40)) + "…" : word
                throw error(
                    "unexpected '\(shown)'; expected a value (a string in double quotes, a number, true, false, null, an array or an object)",
                    at: start)
            }
        }
    }

    /// Consumes an identifier-like run (`true`, `NaN`, `undefined`) and returns it.
    private mutating func readWord() -> String {
        let start = index
        while let byte = current,
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: "$")
        {
            advance()
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func enter(depth: Int, at start: JSONMark) throws(JSONCError) {
        guard depth <= limits.maxDepth else {
            throw error("nesting is deeper than \(limits.maxDepth) levels", at: start, code: .tooDeep)
        }
    }

    /// The path of the object being read, cut at ``maxReportedPathLength`` characters so a deep
    /// document with long keys cannot make every repeated key cost a huge string.
    private func currentPath() -> String {
        var text = ""
        for component in path {
            switch component {
            case .key(let key): text = JSONPath.member(String(key.prefix(Self.maxReportedPathLength)), of: text)
            case .index(let index): text = JSONPath.element(index, of: text)
            }
            if text.count > Self.maxReportedPathLength { return String(text.prefix(Self.maxReportedPathLength)) + "…" }
        }
        return text
    }

    private static let maxReportedPathLength = 200

    private mutating func parseObject(depth: Int) throws(JSONCError) -> JSONValue {
        let start = mark
        try enter(depth: depth, at: start)
        advance()
        var members: [JSONMember] = []
        var positions: [String: Int] = [:]
        while true {
            try skipTrivia()
            guard let byte = current else {
                throw error("unexpected end of input; the object opened at \(start) is never closed by '}'")
            }
            if byte == UInt8(ascii: "}") {
                advance()
                break
            }
            guard byte == UInt8(ascii: "\"") else {
                if byte == UInt8(ascii: "'") { throw error("object keys must be in double quotes, not single quotes") }
                throw error("expected a property name in double quotes or '}', found \(describeCurrent())")
            }
            let keyMark = mark
            let key = try parseString()
            try skipTrivia()
            guard current == UInt8(ascii: ":") else {
                throw error("expected ':' after the property name \"\(key)\", found \(describeCurrent())")
            }
            advance()
            path.append(.key(key))
            let value = try parseValue(depth: depth)
            path.removeLast()
            let member = JSONMember(key: key, keyMark: keyMark, value: value)
            if let existing = positions[key] {
                duplicates.append(
                    JSONDuplicateKey(
                        key: key, objectPath: currentPath(), overridden: members[existing].keyMark, winner: keyMark))
                members[existing] = member
            } else {
                positions[key] = members.count
                members.append(member)
            }
            try skipTrivia()
            guard let next = current else {
                throw error("unexpected end of input; expected ',' or '}' after an object member")
            }
            if next == UInt8(ascii: ",") {
                advance()
            } else if next == UInt8(ascii: "}") {
                advance()
                break
            } else {
                throw error("expected ',' or '}' after an object member, found \(describeCurrent())")
            }
        }
        return JSONValue(.object(members), mark: start)
    }

    private mutating func parseArray(depth: Int) throws(JSONCError) -> JSONValue {
        let start = mark
        try enter(depth: depth, at: start)
        advance()
        var items: [JSONValue] = []
        while true {
            try skipTrivia()
            guard let byte = current else {
                throw error("unexpected end of input; the array opened at \(start) is never closed by ']'")
            }
            if byte == UInt8(ascii: "]") {
                advance()
                break
            }
            path.append(.index(items.count))
            items.append(try parseValue(depth: depth))
            path.removeLast()
            try skipTrivia()
            guard let next = current else {
                throw error("unexpected end of input; expected ',' or ']' after an array element")
            }
            if next == UInt8(ascii: ",") {
                advance()
            } else if next == UInt8(ascii: "]") {
                advance()
                break
            } else {
                throw error("expected ',' or ']' after an array element, found \(describeCurrent())")
            }
        }
        return JSONValue(.array(items), mark: start)
    }

    // MARK: - Strings

    private mutating func parseString() throws(JSONCError) -> String {
        let start = mark
        advance()
        var buffer: [UInt8] = []
        while true {
            guard let byte = current else {
                throw error("unterminated string: the closing '\"' is missing", at: start)
            }
            if buffer.count > limits.maxStringBytes {
                throw error("the string is longer than \(limits.maxStringBytes) bytes", at: start, code: .tooLarge)
            }
            switch byte {
            case UInt8(ascii: "\""):
                advance()
                return String(decoding: buffer, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try parseEscape(into: &buffer, stringStart: start)
            case 0x0A, 0x0D:
                throw error("unterminated string: a string cannot span lines (write \\n for a line break)", at: start)
            case 0x00..<0x20:
                throw error("control character U+\(hex(UInt32(byte), width: 4)) must be escaped in a string")
            default:
                buffer.append(byte)
                advance()
            }
        }
    }

    private mutating func parseEscape(into buffer: inout [UInt8], stringStart: JSONMark) throws(JSONCError) {
        let escapeMark = mark
        advance()
        guard let byte = current else {
            throw error("unterminated string: the closing '\"' is missing", at: stringStart)
        }
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(byte)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            advance()
            var value = try readHex4(escapeMark: escapeMark)
            if (0xD800...0xDBFF).contains(value) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else {
                    throw error(
                        "invalid \\u escape: the high surrogate \\u\(hex(value, width: 4)) is not followed by a low surrogate",
                        at: escapeMark)
                }
                let lowMark = mark
                advance()
                advance()
                let low = try readHex4(escapeMark: lowMark)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw error(
                        "invalid \\u escape: \\u\(hex(low, width: 4)) is not a low surrogate after \\u\(hex(value, width: 4))",
                        at: lowMark)
                }
                value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(value) {
                throw error("invalid \\u escape: lone low surrogate \\u\(hex(value, width: 4))", at: escapeMark)
            }
            guard let scalar = Unicode.Scalar(value) else {
                throw error("invalid \\u escape", at: escapeMark)
            }
            buffer.append(contentsOf: Array(String(Character(scalar)).utf8))
            return
        default:
            throw error(
                "invalid escape '\\\(describeCurrent().trimmingQuotes)' in a string; valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX",
                at: escapeMark)
        }
        advance()
    }

    private mutating func readHex4(escapeMark: JSONMark) throws(JSONCError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current else {
                throw error("invalid \\u escape: expected 4 hexadecimal digits", at: escapeMark)
            }
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("invalid \\u escape: expected 4 hexadecimal digits", at: escapeMark)
            }
            value = value << 4 | digit
            advance()
        }
        return value
    }

    // MARK: - Numbers

    private static let maxNumberLength = 512

    private mutating func parseNumber() throws(JSONCError) -> JSONNumber {
        let start = index
        let startMark = mark
        func isDigit(_ byte: UInt8?) -> Bool {
            guard let byte else { return false }
            return (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        if current == UInt8(ascii: "-") { advance() }
        guard isDigit(current) else {
            throw error("invalid number: expected a digit after '-'", at: startMark)
        }
        if current == UInt8(ascii: "0") {
            advance()
            if isDigit(current) { throw error("invalid number: leading zeros are not allowed", at: startMark) }
        } else {
            while isDigit(current) { advance() }
        }
        if current == UInt8(ascii: ".") {
            advance()
            guard isDigit(current) else { throw error("invalid number: expected a digit after '.'", at: startMark) }
            while isDigit(current) { advance() }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            advance()
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { advance() }
            guard isDigit(current) else {
                throw error("invalid number: expected a digit in the exponent", at: startMark)
            }
            while isDigit(current) { advance() }
        }
        guard index - start <= Self.maxNumberLength else {
            throw error("the number is longer than \(Self.maxNumberLength) characters", at: startMark, code: .tooLarge)
        }
        return JSONNumber(literal: String(decoding: bytes[start..<index], as: UTF8.self))
    }
}

extension String {
    fileprivate var trimmingQuotes: String {
        guard count >= 2, hasPrefix("'"), hasSuffix("'") else { return self }
        return String(dropFirst().dropLast())
    }
}
