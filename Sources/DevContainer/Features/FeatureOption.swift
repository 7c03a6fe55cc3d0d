package import Shared

/// One option a feature declares in `devcontainer-feature.json`.
public struct FeatureOption: Sendable, Hashable {
    /// `boolean` or `string`.
    public enum ValueType: String, Sendable, Hashable {
        case boolean
        case string
    }

    public var name: String
    public var type: ValueType
    public var defaultValue: FeatureOptionValue?
    /// The only values allowed, when set.
    public var allowed: [String]?
    /// Suggested values (any value is allowed).
    public var proposals: [String]
    public var description: String?

    public init(
        name: String, type: ValueType, defaultValue: FeatureOptionValue?, allowed: [String]? = nil,
        proposals: [String] = [], description: String? = nil
    ) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.allowed = allowed
        self.proposals = proposals
        self.description = description
    }
}

/// An option's value: feature options are strings or booleans.
public enum FeatureOptionValue: Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case bool(Bool)

    /// The value from JSON, or nil for other types.
    public init?(_ value: JSONValue) {
        switch value.kind {
        case .string(let text): self = .string(text)
        case .bool(let flag): self = .bool(flag)
        default: return nil
        }
    }

    /// The text install.sh sees (`true`/`false` for booleans).
    public var description: String {
        switch self {
        case .string(let text): text
        case .bool(let flag): flag ? "true" : "false"
        }
    }

    package var canonical: JSONTree {
        switch self {
        case .string(let text): .string(text)
        case .bool(let flag): .bool(flag)
        }
    }
}
