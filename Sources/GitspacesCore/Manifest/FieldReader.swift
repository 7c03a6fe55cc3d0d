import Shared
import YAMLKit

/// Reads typed values out of one manifest file's nodes, recording a diagnostic for each problem
/// and carrying on, so that one pass reports every error.
struct FieldReader {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    func location(_ mark: Mark) -> SourceLocation {
        SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    mutating func error(_ mark: Mark, _ message: String) {
        diagnostics.append(Diagnostic(at: location(mark), message))
    }

    /// The keys of a mapping node. Unknown keys are reported with a "did you mean" hint; a
    /// node that is not a mapping is reported and yields nil.
    mutating func fields(_ node: Node, _ path: String, known: [String], anchor: Mark? = nil) -> Fields? {
        guard let pairs = node.mapping else {
            error(node.mark, "\(path) must be a mapping, not \(node.typeDescription)")
            return nil
        }
        var byKey: [String: Pair] = [:]
        for pair in pairs {
            guard let key = pair.key.scalar?.value, pair.key.scalar != nil else {
                error(pair.key.mark, "keys in \(path) must be strings, not \(pair.key.typeDescription)")
                continue
            }
            guard known.contains(key) else {
                error(pair.key.mark, "unknown field '\(key)' in \(path)" + Suggestion.hint(for: key, in: known))
                continue
            }
            byKey[key] = pair
        }
        return Fields(path: path, node: node, anchor: anchor ?? node.mark, byKey: byKey)
    }

    /// A required field; reports it missing at the mapping's key.
    mutating func require(_ fields: Fields, _ key: String) -> Node? {
        if let value = fields[key] { return value }
        error(fields.anchor, "missing required field '\(key)' in \(fields.path)")
        return nil
    }

    mutating func string(_ node: Node, _ path: String) -> String? {
        if let text = node.string { return text }
        error(node.mark, "\(path) must be a string, not \(node.typeDescription)")
        return nil
    }

    /// A scalar read as text whatever its type (`TZ: 1` is "1"); null and collections are refused.
    mutating func text(_ node: Node, _ path: String) -> String? {
        if let scalar = node.scalar, node.value != .null { return scalar.value }
        error(node.mark, "\(path) must be a string, not \(node.typeDescription)")
        return nil
    }

    mutating func bool(_ node: Node, _ path: String) -> Bool? {
        if case .bool(let value) = node.value { return value }
        error(node.mark, "\(path) must be true or false, not \(node.typeDescription)")
        return nil
    }

    mutating func int(_ node: Node, _ path: String, minimum: Int = 0) -> Int? {
        guard case .int(let value) = node.value else {
            error(node.mark, "\(path) must be an integer, not \(node.typeDescription)")
            return nil
        }
        guard value >= minimum else {
            error(node.mark, "\(path) must be at least \(minimum), not \(value)")
            return nil
        }
        return value
    }

    mutating func stringList(_ node: Node, _ path: String) -> [(String, Node)]? {
        guard let items = node.sequence else {
            error(node.mark, "\(path) must be a list, not \(node.typeDescription)")
            return nil
        }
        return items.enumerated().compactMap { index, item in
            string(item, "\(path)[\(index)]").map { ($0, item) }
        }
    }

    /// A map of strings; values may be any scalar and are read as their text.
    mutating func stringMap(_ node: Node, _ path: String) -> [(key: String, keyNode: Node, value: String)]? {
        guard let pairs = node.mapping else {
            error(node.mark, "\(path) must be a mapping, not \(node.typeDescription)")
            return nil
        }
        return pairs.compactMap { pair in
            guard let key = pair.key.scalar?.value else {
                error(pair.key.mark, "keys in \(path) must be strings, not \(pair.key.typeDescription)")
                return nil
            }
            return text(pair.value, "\(path).\(key)").map { (key, pair.key, $0) }
        }
    }

    /// One of a closed set of words, with a hint when it is close to one.
    mutating func oneOf<T: RawRepresentable>(_ node: Node, _ path: String, _ cases: [T]) -> T?
    where T.RawValue == String {
        guard let word = string(node, path) else { return nil }
        if let value = cases.first(where: { $0.rawValue == word }) { return value }
        let names = cases.map(\.rawValue)
        let quoted = names.map { "'\($0)'" }.joined(separator: " or ")
        error(node.mark, "\(path) must be \(quoted), not '\(word)'" + Suggestion.hint(for: word, in: names))
        return nil
    }
}

/// The known keys of one mapping, looked up by name.
struct Fields {
    let path: String
    let node: Node
    /// Where a missing field is reported: the mapping's own key when it has one.
    let anchor: Mark
    let byKey: [String: Pair]

    subscript(key: String) -> Node? { byKey[key]?.value }

    func keyMark(_ key: String) -> Mark? { byKey[key]?.key.mark }
}
