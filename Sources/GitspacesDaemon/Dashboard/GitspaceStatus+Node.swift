extension GitspaceStatus {
    /// The Swarm node a status names, when it carries one (a `node` field, added with the Swarm backend); nil on
    /// one engine. Read by reflection so the dashboard shows the column as soon as the field exists.
    var dashboardNode: String? {
        for child in Mirror(reflecting: self).children where child.label == "node" {
            if let node = child.value as? String { return node }
            if case let node?? = child.value as? String? { return node }
            if let described = Self.describeNode(child.value) { return described }
        }
        return nil
    }

    /// A node value that is no plain string (a struct with a name or id): its `name`, `hostname` or `id`.
    private static func describeNode(_ value: Any) -> String? {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional {
            guard let wrapped = mirror.children.first?.value else { return nil }
            return describeNode(wrapped)
        }
        for label in ["name", "hostname", "id"] {
            if let text = mirror.children.first(where: { $0.label == label })?.value as? String { return text }
        }
        return nil
    }
}
