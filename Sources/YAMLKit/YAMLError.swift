/// A YAML stream that could not be composed: what is wrong and where.
public struct YAMLError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: Sendable, Hashable {
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

    public var code: Code
    public var message: String
    /// Where the problem is, when known.
    public var mark: Mark?

    public init(_ code: Code, _ message: String, at mark: Mark?) {
        self.code = code
        self.message = message
        self.mark = mark
    }

    public var description: String {
        guard let mark else { return message }
        return "\(mark): \(message)"
    }
}

/// Bounds that keep hostile input from costing unbounded time or memory.
public struct YAMLLimits: Sendable, Hashable {
    /// Largest input accepted, in bytes.
    public var maxInputBytes: Int
    /// Deepest nesting of sequences and mappings.
    public var maxDepth: Int
    /// Most nodes a document may have once aliases are expanded.
    public var maxNodes: Int

    public init(maxInputBytes: Int = 8 << 20, maxDepth: Int = 128, maxNodes: Int = 250_000) {
        self.maxInputBytes = maxInputBytes
        self.maxDepth = maxDepth
        self.maxNodes = maxNodes
    }

    public static let `default` = YAMLLimits()
}
