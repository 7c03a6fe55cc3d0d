package import Shared

/// One option a feature declares in `devcontainer-feature.json`.
package struct FeatureOption: Sendable, Hashable {
    /// `boolean` or `string`.
    package enum ValueType: String, Sendable, Hashable {
        case boolean
        case string
    }

    package var name: String
    package var type: ValueType
    package var defaultValue: FeatureOptionValue?
    /// The only values allowed, when set.
    package var allowed: [String]?
    /// Suggested values (any value is allowed).
    package var proposals: [String]
    package var description: String?

    package init(
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
package enum FeatureOptionValue: Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case bool(Bool)

    /// The value from JSON, or nil for other types.
    package init?(_ value: JSONValue) {
        switch value.kind {
        case .string(let text): self = .string(text)
        case .bool(let flag): self = .bool(flag)
        default: return nil
        }
    }

    /// The text install.sh sees (`true`/`false` for booleans).
    package var description: String {
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
