/// A JSON value without source positions: what `devcontainer resolve` prints and what is compared
/// and hashed. Rendering sorts object keys by their UTF-8 bytes, so equal values print equally.
public indirect enum CanonicalJSON: Sendable, Hashable, Encodable {
    case null
    case bool(Bool)
    /// A number as its literal text.
    case number(String)
    case string(String)
    case array([CanonicalJSON])
    case object([String: CanonicalJSON])

    static func int(_ value: Int) -> CanonicalJSON { .number(String(value)) }

    static func optional(_ value: String?) -> CanonicalJSON { value.map { .string($0) } ?? .null }

    static func strings(_ values: [String]) -> CanonicalJSON { .array(values.map { .string($0) }) }

    static func stringMap(_ values: [String: String]) -> CanonicalJSON { .object(values.mapValues { .string($0) }) }

    /// The text: two-space indentation when `pretty`, else compact; keys sorted.
    public func rendered(pretty: Bool = true) -> String {
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
        case .string(let value): Self.writeString(value, to: &output)
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
            let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (index, member) in sorted.enumerated() {
                output += (index == 0 ? "" : ",") + newline
                Self.writeString(member.key, to: &output)
                output += pretty ? ": " : ":"
                member.value.write(to: &output, pretty: pretty, depth: depth + 1)
            }
            output += closing + "}"
        }
    }

    static func writeString(_ value: String, to output: inout String) {
        output += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
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

    public func encode(to encoder: any Encoder) throws {
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
            for (key, value) in members.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
                try container.encode(value, forKey: Key(stringValue: key))
            }
        }
    }
}
