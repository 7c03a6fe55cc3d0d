package import Shared

/// A parsed JSON value with the place it starts; object members keep their source order.
package struct JSONValue: Sendable, Hashable {
    package enum Kind: Sendable, Hashable {
        case null
        case bool(Bool)
        case number(JSONNumber)
        case string(String)
        case array([JSONValue])
        /// Members in source order, keys unique (a repeated key replaces the earlier value in place).
        case object([JSONMember])
    }

    package var kind: Kind
    package var mark: JSONMark

    package init(_ kind: Kind, mark: JSONMark) {
        self.kind = kind
        self.mark = mark
    }

    /// The member value for `key` when this is an object.
    package subscript(key: String) -> JSONValue? {
        guard case .object(let members) = kind else { return nil }
        return members.first { $0.key == key }?.value
    }

    package var string: String? {
        if case .string(let value) = kind { return value }
        return nil
    }

    package var bool: Bool? {
        if case .bool(let value) = kind { return value }
        return nil
    }

    package var number: JSONNumber? {
        if case .number(let value) = kind { return value }
        return nil
    }

    package var array: [JSONValue]? {
        if case .array(let items) = kind { return items }
        return nil
    }

    package var object: [JSONMember]? {
        if case .object(let members) = kind { return members }
        return nil
    }

    package var isNull: Bool { kind == .null }

    /// The JSON type name used in messages: `a string`, `an object`…
    package var typeDescription: String {
        switch kind {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// The same value without source positions, for output and comparison.
    package var canonical: JSONTree {
        switch kind {
        case .null: .null
        case .bool(let value): .bool(value)
        case .number(let number): .number(number.literal)
        case .string(let value): .string(value)
        case .array(let items): .array(items.map(\.canonical))
        case .object(let members):
            .object(Dictionary(members.map { ($0.key, $0.value.canonical) }, uniquingKeysWith: { _, last in last }))
        }
    }
}
