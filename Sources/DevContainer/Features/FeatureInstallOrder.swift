/// The order features are installed in, computed as the reference implementation does
/// (devcontainers/cli `computeDependsOnInstallationOrder`): pure, on an already-fetched graph.
///
/// - `dependsOn` is hard and recursive; two entries are the same feature when the round comparator finds
///   them equal (same kind of source, same resource, tag and options as written).
/// - `installsAfter` is soft: compared by normalised id (and `legacyIds`), and only among the features present.
/// - `overrideFeatureInstallOrder` gives the listed features a round priority (first = highest, the highest
///   entry a feature matches wins): in each round only the ready features of the highest priority are installed.
/// - Each round is sorted by the reference's comparator; a round with nothing ready is a cycle.
package enum FeatureInstallOrder {
    /// The hard dependencies of `feature`: its `dependsOn`, `./name` resolved beside a local feature's folder.
    package static func dependencies(of feature: FeatureInstance)
        -> (requests: [FeatureRequest], errors: [DevContainerDiagnostic])
    {
        FeatureRequest.read(
            feature.metadata.dependsOn, file: feature.metadata.file, configFolder: parentFolder(of: feature.reference))
    }

    static func parentFolder(of reference: FeatureReference) -> String {
        guard case .local(let path) = reference.kind else { return "" }
        return path.split(separator: "/").dropLast().joined(separator: "/")
    }

    /// Every reference of the graph whose metadata is not in `metadata` yet: fetch these and call again
    /// until none is left.
    package static func missing(_ requests: [FeatureRequest], metadata: [FeatureReference.Kind: FeatureMetadata])
        -> [FeatureRequest]
    {
        var missing: [FeatureRequest] = []
        var seen: Set<FeatureReference.Kind> = []
        var worklist = requests
        while !worklist.isEmpty {
            let request = worklist.removeFirst()
            guard seen.insert(request.reference.kind).inserted else { continue }
            guard let found = metadata[request.reference.kind] else {
                missing.append(request)
                continue
            }
            worklist +=
                dependencies(of: FeatureInstance(request: request, metadata: found, isUserProvided: false))
                .requests
        }
        return missing
    }

    /// The install order of `requests` (devcontainer.json's features, in source order) and their
    /// dependencies. `metadata` holds every feature of the graph by reference; `featuresSource` is where
    /// a cycle is reported.
    package static func compute(
        _ requests: [FeatureRequest], metadata: [FeatureReference.Kind: FeatureMetadata],
        overrideOrder: [String] = [], configFolder: String = "", featuresSource: DevContainerSource
    ) throws(DevContainerError) -> [FeatureInstance] {
        var nodes = try graph(requests, metadata: metadata)
        for (index, id) in overrideOrder.enumerated() {
            let priority = overrideOrder.count - index
            let normalized = normalizedID(id, configFolder: configFolder)
            for node in nodes.indices where nodes[node].instance.reference.normalizedID == normalized {
                nodes[node].roundPriority = max(nodes[node].roundPriority, priority)
            }
        }
        for node in nodes.indices {
            let present = nodes
            nodes[node].installsAfter.removeAll { dependency in !present.contains { satisfies($0, dependency) } }
        }

        var order: [Node] = []
        var remaining = nodes
        while !remaining.isEmpty {
            var round = remaining.filter { node in
                node.dependsOn.allSatisfy { dependency in order.contains { same($0.instance, dependency) } }
                    && node.installsAfter.allSatisfy { dependency in order.contains { satisfies($0, dependency) } }
            }
            guard !round.isEmpty else { throw cycle(remaining, at: featuresSource) }
            let highest = round.map(\.roundPriority).max() ?? 0
            round.removeAll { $0.roundPriority != highest }
            remaining.removeAll { node in round.contains { same($0.instance, node.instance) } }
            order += sortedLikeTheReference(round) { compare($0.instance, $1.instance) }
        }
        return order.map(\.instance)
    }

    /// The nodes of the graph in the reference's discovery order (breadth first from `requests`), each
    /// feature once.
    static func graph(_ requests: [FeatureRequest], metadata: [FeatureReference.Kind: FeatureMetadata])
        throws(DevContainerError) -> [Node]
    {
        var errors: [DevContainerDiagnostic] = []
        var nodes: [Node] = []
        var worklist = requests.map { ($0, true) }
        while !worklist.isEmpty {
            let (request, userProvided) = worklist.removeFirst()
            guard let found = metadata[request.reference.kind] else {
                errors.append(
                    DevContainerDiagnostic(
                        .error, at: request.source,
                        "feature \(request.reference.written) was not fetched; its devcontainer-feature.json is unknown"
                    ))
                continue
            }
            let instance = FeatureInstance(request: request, metadata: found, isUserProvided: userProvided)
            if nodes.contains(where: { same($0.instance, instance) }) { continue }
            let dependencies = dependencies(of: instance)
            errors += dependencies.errors
            let folder = parentFolder(of: request.reference)
            nodes.append(
                Node(
                    instance: instance,
                    dependsOn: dependencies.requests.compactMap { dependency in
                        metadata[dependency.reference.kind].map {
                            FeatureInstance(request: dependency, metadata: $0, isUserProvided: false)
                        }
                    },
                    installsAfter: found.installsAfter.map { normalizedID($0, configFolder: folder) },
                    roundPriority: 0))
            worklist += dependencies.requests.map { ($0, false) }
        }
        guard errors.isEmpty else { throw DevContainerError(errors) }
        return nodes
    }

    static func cycle(_ remaining: [Node], at featuresSource: DevContainerSource) -> DevContainerError {
        var names: [String] = []
        for node in remaining where !names.contains(node.instance.reference.written) {
            names.append(node.instance.reference.written)
        }
        return DevContainerError([
            DevContainerDiagnostic(
                .error, at: featuresSource,
                "features depend on each other in a cycle (dependsOn/installsAfter): \(names.joined(separator: ", ")); break the cycle"
            )
        ])
    }

    struct Node {
        var instance: FeatureInstance
        var dependsOn: [FeatureInstance]
        var installsAfter: [String]
        var roundPriority: Int
    }

    static func normalizedID(_ id: String, configFolder: String) -> String {
        switch FeatureReference.parse(id, configFolder: configFolder) {
        case .success(let reference): reference.normalizedID
        case .failure: id.lowercased()
        }
    }

    /// Whether `a` and `b` are one feature of the graph: the same kind of source and equal for the comparator.
    static func same(_ a: FeatureInstance, _ b: FeatureInstance) -> Bool {
        switch (a.reference.kind, b.reference.kind) {
        case (.oci, .oci), (.local, .local), (.tarball, .tarball): compare(a, b) == 0
        default: false
        }
    }

    /// Whether `node` is the feature a soft dependency (a normalised id) names: same resource, or one of
    /// its `legacyIds` under the same registry and namespace.
    static func satisfies(_ node: Node, _ dependency: String) -> Bool {
        let reference = node.instance.reference
        if reference.normalizedID == dependency { return true }
        guard case .oci(let registry, let namespace, _, _) = reference.kind else { return false }
        let prefix = "\(registry)/\(namespace)/"
        return node.instance.metadata.legacyIds.contains { prefix + $0.lowercased() == dependency }
            || prefix + node.instance.metadata.id.lowercased() == dependency
    }
}
