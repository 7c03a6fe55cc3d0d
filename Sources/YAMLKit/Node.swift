/// A composed YAML node: aliases resolved, mapping pairs kept in source order.
public struct Node: Sendable, Hashable {
    public enum Content: Sendable, Hashable {
        case scalar(Scalar)
        case sequence([Node])
        case mapping([Pair])
    }

    public var content: Content
    /// The explicit tag in its full form (`tag:yaml.org,2002:str`), or nil when the node had none.
    public var tag: String?
    /// Where the node starts.
    public var mark: Mark

    public init(_ content: Content, tag: String? = nil, mark: Mark) {
        self.content = content
        self.tag = tag
        self.mark = mark
    }

    public var scalar: Scalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    public var sequence: [Node]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    public var mapping: [Pair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }
}

/// A scalar's text as written (after YAML's escaping and folding) and how it was written.
public struct Scalar: Sendable, Hashable {
    public enum Style: Sendable, Hashable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    public var value: String
    public var style: Style

    public init(_ value: String, style: Style = .plain) {
        self.value = value
        self.style = style
    }
}

/// One key/value entry of a mapping.
public struct Pair: Sendable, Hashable {
    public var key: Node
    public var value: Node

    public init(key: Node, value: Node) {
        self.key = key
        self.value = value
    }
}

/// One document of a YAML stream.
public struct Document: Sendable, Hashable {
    /// The root node; an empty document has a null scalar root.
    public var root: Node
    /// Where the document starts.
    public var mark: Mark

    public init(root: Node, mark: Mark) {
        self.root = root
        self.mark = mark
    }

    /// True when the document holds nothing but null (`---` alone, or only comments).
    public var isEmpty: Bool {
        if case .null = root.value { return true }
        return false
    }
}
