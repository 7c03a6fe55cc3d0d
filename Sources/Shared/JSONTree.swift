/// A JSON value without source positions: what is printed, compared and hashed. Rendering sorts object keys by
/// their UTF-8 bytes, so equal values print equally; strings go through ``quoted(_:)``, the one JSON escaper.
package indirect enum JSONTree: Sendable, Hashable, Encodable {
    case null
    case bool(Bool)
    /// A number as its literal text.
    case number(String)
    case string(String)
    case array([JSONTree])
    case object([String: JSONTree])

    package static func int(_ value: Int) -> JSONTree { .number(String(value)) }

    package static func optional(_ value: String?) -> JSONTree { value.map { .string($0) } ?? .null }

    package static func strings(_ values: [String]) -> JSONTree { .array(values.map { .string($0) }) }

    package static func stringMap(_ values: [String: String]) -> JSONTree { .object(values.mapValues { .string($0) }) }

    /// The text: two-space indentation when `pretty`, else compact; keys sorted.
    package func rendered(pretty: Bool = true) -> String {
        var output = ""
        write(to: &output, pretty: pretty, depth: 0)
        return output
    }

    private func write(to output: inout String, pretty: Bool, depth: Int) {
        let newline = pretty ? "\n" + String(repeating: "  ", count: depth + 1) : ""
        let closing = pretty ? "\n" + String(repeating: "  ", count: depth) : ""
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .number(let literal): output += literal
        case .string(let value): Self.writeQuoted(value, to: &output)
        case .array(let items):
            guard !items.isEmpty else {
                output += "[]"
                return
            }
            output += "["
            for (index, item) in items.enumerated() {
                output += (index == 0 ? "" : ",") + newline
                item.write(to: &output, pretty: pretty, depth: depth + 1)
            }
            output += closing + "]"
        case .object(let members):
            guard !members.isEmpty else {
                output += "{}"
                return
            }
            output += "{"
            for (index, member) in Self.sorted(members).enumerated() {
                output += (index == 0 ? "" : ",") + newline
                Self.writeQuoted(member.key, to: &output)
                output += pretty ? ": " : ":"
                member.value.write(to: &output, pretty: pretty, depth: depth + 1)
            }
            output += closing + "}"
        }
    }

    private static func sorted(_ members: [String: JSONTree]) -> [(key: String, value: JSONTree)] {
        members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
    }

    /// `text` as a JSON string literal (RFC 8259). Escaped: `"` and `\`; the C0 controls (`\n` `\r` `\t` `\b` `\f`
    /// by name, the rest as `\u00XX`); DEL as `\u007f`; U+2028 and U+2029 as `\u2028` and `\u2029`, so the text is
    /// also a valid JavaScript literal and no line breaks hide in it. Everything else, astral planes included, is
    /// written as is.
    package static func quoted(_ text: String) -> String {
        var output = ""
        writeQuoted(text, to: &output)
        return output
    }

    private static func writeQuoted(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case _
            where scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029:
                let digits = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    package func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .number(let literal):
            var container = encoder.singleValueContainer()
            if let integer = Int(literal) {
                try container.encode(integer)
            } else {
                try container.encode(Double(literal) ?? 0)
            }
        case .string(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .array(let items):
            var container = encoder.unkeyedContainer()
            for item in items { try container.encode(item) }
        case .object(let members):
            var container = encoder.container(keyedBy: Key.self)
            for (key, value) in Self.sorted(members) {
                try container.encode(value, forKey: Key(stringValue: key))
            }
        }
    }
}
