/// A composed YAML node: aliases resolved, mapping pairs kept in source order.
package struct Node: Sendable, Hashable {
    package enum Content: Sendable, Hashable {
        case scalar(Scalar)
        case sequence([Node])
        case mapping([Pair])
    }

    package var content: Content
    /// The explicit tag in its full form (`tag:yaml.org,2002:str`), or nil when the node had none.
    package var tag: String?
    /// Where the node starts.
    package var mark: Mark

    package init(_ content: Content, tag: String? = nil, mark: Mark) {
        self.content = content
        self.tag = tag
        self.mark = mark
    }

    package var scalar: Scalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    package var sequence: [Node]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    package var mapping: [Pair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }
}

/// A scalar's text as written (after YAML's escaping and folding) and how it was written.
package struct Scalar: Sendable, Hashable {
    package enum Style: Sendable, Hashable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    package var value: String
    package var style: Style

    package init(_ value: String, style: Style = .plain) {
        self.value = value
        self.style = style
    }
}

/// One key/value entry of a mapping.
package struct Pair: Sendable, Hashable {
    package var key: Node
    package var value: Node

    package init(key: Node, value: Node) {
        self.key = key
        self.value = value
    }
}

/// One document of a YAML stream.
package struct Document: Sendable, Hashable {
    /// The root node; an empty document has a null scalar root.
    package var root: Node
    /// Where the document starts.
    package var mark: Mark

    package init(root: Node, mark: Mark) {
        self.root = root
        self.mark = mark
    }

    /// True when the document holds nothing but null (`---` alone, or only comments).
    package var isEmpty: Bool {
        if case .null = root.value { return true }
        return false
    }
}
