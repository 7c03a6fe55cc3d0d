import Shared
import YAMLKit

extension FieldReader {
    /// A duration such as `30m`, `2h`, `90s`, `1h30m`, or `0` for never (see `IdleTimeout`).
    mutating func idleTimeout(_ node: Node, _ path: String) -> IdleTimeout? {
        let isText =
            node.scalar != nil && node.value != .null && node.value != .bool(true) && node.value != .bool(false)
        if isText, let text = node.scalar?.value, let timeout = IdleTimeout(parsing: text) { return timeout }
        let shown = node.scalar.map { "'\($0.value)'" } ?? node.typeDescription
        var hint = ""
        if isText, let text = node.scalar?.value, let seconds = Int(text), seconds > 0 {
            hint = Suggestion.hint(offering: IdleTimeout(seconds: seconds).description)
        }
        error(
            node.mark,
            "\(path) \(shown) is not a duration: use a number with h, m or s (30m, 2h, 90s, 1h30m), or 0 for never"
                + hint)
        return nil
    }

    /// `spec.idleTimeout` of a HardwareProfile, whose spec is otherwise its hardware.
    mutating func profileIdleTimeout(_ spec: Node) -> IdleTimeout? {
        guard let node = spec.mapping?.first(where: { $0.key.scalar?.value == "idleTimeout" })?.value else {
            return nil
        }
        return idleTimeout(node, "spec.idleTimeout")
    }
}
