/// Turns libyaml events into documents, resolving aliases within a node budget.
struct Composer {
    private let events: EventReader
    private let limits: YAMLLimits
    private var anchors: [String: (node: Node, size: Int)] = [:]
    private var nodeCount = 0
    private var depth = 0

    init(events: EventReader, limits: YAMLLimits) {
        self.events = events
        self.limits = limits
    }

    mutating func composeStream() throws(YAMLError) -> [Document] {
        guard case .streamStart = try events.next() else {
            throw YAMLError(.syntax, "expected the start of a stream", at: nil)
        }
        var documents: [Document] = []
        while true {
            switch try events.next() {
            case .streamEnd:
                return documents
            case .documentStart(let mark):
                anchors.removeAll(keepingCapacity: true)
                nodeCount = 0
                let root = try composeNode(try events.next())
                guard case .documentEnd = try events.next() else {
                    throw YAMLError(.syntax, "expected the end of a document", at: root.node.mark)
                }
                documents.append(Document(root: root.node, mark: mark))
            default:
                throw YAMLError(.syntax, "expected a document", at: nil)
            }
        }
    }

    /// Composes the node that starts with `event`; returns it with its size in nodes.
    private mutating func composeNode(_ event: Event) throws(YAMLError) -> (node: Node, size: Int) {
        switch event {
        case .alias(let anchor, let mark):
            guard let target = anchors[anchor] else {
                throw YAMLError(
                    .undefinedAlias, "unknown alias '*\(anchor)': no anchor '&\(anchor)' before it", at: mark)
            }
            try spend(target.size, at: mark, alias: true)
            return target
        case .scalar(let scalar, let anchor, let tag, let mark):
            try spend(1, at: mark, alias: false)
            let node = Node(.scalar(scalar), tag: tag, mark: mark)
            if let anchor { anchors[anchor] = (node, 1) }
            return (node, 1)
        case .sequenceStart(let anchor, let tag, let mark):
            try enter(at: mark)
            defer { depth -= 1 }
            try spend(1, at: mark, alias: false)
            var items: [Node] = []
            var size = 1
            while true {
                let next = try events.next()
                if case .sequenceEnd = next { break }
                let item = try composeNode(next)
                items.append(item.node)
                size += item.size
            }
            let node = Node(.sequence(items), tag: tag, mark: mark)
            if let anchor { anchors[anchor] = (node, size) }
            return (node, size)
        case .mappingStart(let anchor, let tag, let mark):
            try enter(at: mark)
            defer { depth -= 1 }
            try spend(1, at: mark, alias: false)
            let (pairs, size) = try composeMapping()
            let node = Node(.mapping(pairs), tag: tag, mark: mark)
            if let anchor { anchors[anchor] = (node, size + 1) }
            return (node, size + 1)
        default:
            throw YAMLError(.syntax, "expected a node", at: nil)
        }
    }

    /// Reads pairs up to the mapping's end. Duplicate keys are refused; merge keys (`<<`) add the
    /// pairs of the merged mappings whose keys the mapping does not set itself.
    private mutating func composeMapping() throws(YAMLError) -> (pairs: [Pair], size: Int) {
        var pairs: [Pair] = []
        var merged: [Pair] = []
        var seen: [String: Mark] = [:]
        var size = 0
        while true {
            let next = try events.next()
            if case .mappingEnd = next { break }
            let key = try composeNode(next)
            let value = try composeNode(try events.next())
            size += key.size + value.size
            if let scalar = key.node.scalar {
                if scalar.style == .plain, scalar.value == "<<", key.node.tag == nil {
                    merged.append(contentsOf: try mergeSource(value.node))
                    continue
                }
                if let first = seen[scalar.value] {
                    throw YAMLError(
                        .duplicateKey, "duplicate key '\(scalar.value)' (first set at \(first))", at: key.node.mark)
                }
                seen[scalar.value] = key.node.mark
            }
            pairs.append(Pair(key: key.node, value: value.node))
        }
        for pair in merged {
            guard let scalar = pair.key.scalar else {
                pairs.append(pair)
                continue
            }
            if seen[scalar.value] == nil {
                seen[scalar.value] = pair.key.mark
                pairs.append(pair)
            }
        }
        return (pairs, size)
    }

    /// The pairs a merge key brings in: one mapping, or a sequence of mappings (earlier wins).
    private func mergeSource(_ value: Node) throws(YAMLError) -> [Pair] {
        switch value.content {
        case .mapping(let pairs):
            return pairs
        case .sequence(let items):
            var result: [Pair] = []
            for item in items {
                guard let pairs = item.mapping else {
                    throw YAMLError(.unsupported, "a merge key '<<' takes mappings only", at: item.mark)
                }
                result.append(contentsOf: pairs)
            }
            return result
        case .scalar:
            throw YAMLError(.unsupported, "a merge key '<<' takes a mapping or a sequence of mappings", at: value.mark)
        }
    }

    private mutating func enter(at mark: Mark) throws(YAMLError) {
        depth += 1
        guard depth <= limits.maxDepth else {
            throw YAMLError(.tooDeep, "nesting deeper than \(limits.maxDepth) levels", at: mark)
        }
    }

    private mutating func spend(_ nodes: Int, at mark: Mark, alias: Bool) throws(YAMLError) {
        nodeCount += nodes
        guard nodeCount <= limits.maxNodes else {
            if alias {
                throw YAMLError(
                    .aliasBudgetExceeded,
                    "aliases expand this document past \(limits.maxNodes) nodes (an alias bomb?)", at: mark)
            }
            throw YAMLError(.tooLarge, "document has more than \(limits.maxNodes) nodes", at: mark)
        }
    }
}
