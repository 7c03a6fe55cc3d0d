/// A small JSON tree written with sorted keys and two-space indentation; enough for the plan's output
/// without Foundation.
enum JSONValue: Sendable, Hashable {
    case null
    case int(Int)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    static func string(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }

    /// The text, keys sorted by their UTF-8 bytes.
    func rendered(pretty: Bool) -> String {
        var output = ""
        write(to: &output, pretty: pretty, depth: 0)
        return output
    }

    private func write(to output: inout String, pretty: Bool, depth: Int) {
        let newline = pretty ? "\n" + String(repeating: "  ", count: depth + 1) : ""
        let closing = pretty ? "\n" + String(repeating: "  ", count: depth) : ""
        switch self {
        case .null: output += "null"
        case .int(let value): output += String(value)
        case .string(let value): output += DisplayEscaping.jsonString(value)
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
                output += (index == 0 ? "" : ",") + newline + DisplayEscaping.jsonString(member.key)
                output += pretty ? ": " : ":"
                member.value.write(to: &output, pretty: pretty, depth: depth + 1)
            }
            output += closing + "}"
        }
    }
}
