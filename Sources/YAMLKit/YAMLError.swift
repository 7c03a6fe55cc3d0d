/// A YAML stream that could not be composed: what is wrong and where.
package struct YAMLError: Error, Sendable, Hashable, CustomStringConvertible {
    package enum Code: Sendable, Hashable {
        /// libyaml refused the text (bad indentation, invalid UTF-8, unclosed quotes…).
        case syntax
        case duplicateKey
        case undefinedAlias
        /// Aliases would expand past the node budget (a "billion laughs" document).
        case aliasBudgetExceeded
        case tooDeep
        case tooLarge
        /// A construct the composer refuses, such as a merge key with a non-mapping value.
        case unsupported
    }

    package var code: Code
    package var message: String
    /// Where the problem is, when known.
    package var mark: Mark?

    package init(_ code: Code, _ message: String, at mark: Mark?) {
        self.code = code
        self.message = message
        self.mark = mark
    }

    package var description: String {
        guard let mark else { return message }
        return "\(mark): \(message)"
    }
}

/// Bounds that keep hostile input from costing unbounded time or memory.
package struct YAMLLimits: Sendable, Hashable {
    /// Largest input accepted, in bytes.
    package var maxInputBytes: Int
    /// Deepest nesting of sequences and mappings.
    package var maxDepth: Int
    /// Most nodes a document may have once aliases are expanded.
    package var maxNodes: Int

    package init(maxInputBytes: Int = 8 << 20, maxDepth: Int = 128, maxNodes: Int = 250_000) {
        self.maxInputBytes = maxInputBytes
        self.maxDepth = maxDepth
        self.maxNodes = maxNodes
    }

    package static let `default` = YAMLLimits()
}
