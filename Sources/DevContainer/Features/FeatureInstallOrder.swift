/// The order features are installed in, computed as the reference implementation does
/// (devcontainers/cli `computeDependsOnInstallationOrder`): pure, on an already-fetched graph.
///
/// - `dependsOn` is hard and recursive; two entries are the same feature when their references and
///   their options as written are equal.
/// - `installsAfter` is soft: compared by normalised id (and `legacyIds`), and only among the features present.
/// - `overrideFeatureInstallOrder` gives the listed features a round priority (first = highest): in each
///   round only the ready features of the highest priority are installed.
/// - Each round is sorted by the reference's comparator; a round with nothing ready is a cycle.
public enum FeatureInstallOrder {
    /// The hard dependencies of `feature`: its `dependsOn`, `./name` resolved beside a local feature's folder.
    public static func dependencies(of feature: FeatureInstance)
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
    public static func missing(_ requests: [FeatureRequest], metadata: [FeatureReference.Kind: FeatureMetadata])
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
    public static func compute(
        _ requests: [FeatureRequest], metadata: [FeatureReference.Kind: FeatureMetadata],
        overrideOrder: [String] = [], configFolder: String = "", featuresSource: DevContainerSource
    ) throws(DevContainerError) -> [FeatureInstance] {
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
            if nodes.contains(where: { $0.instance.identity == instance.identity }) { continue }
            let dependencies = dependencies(of: instance)
            errors += dependencies.errors
            let folder = parentFolder(of: request.reference)
            let softDependencies = found.installsAfter.map { id -> String in
                switch FeatureReference.parse(id, configFolder: folder) {
                case .success(let reference): reference.normalizedID
                case .failure: id.lowercased()
                }
            }
            nodes.append(
                Node(
                    instance: instance, dependsOn: dependencies.requests.map(identity), installsAfter: softDependencies,
                    roundPriority: 0))
            worklist += dependencies.requests.map { ($0, false) }
        }
        guard errors.isEmpty else { throw DevContainerError(errors) }

        for (index, id) in overrideOrder.enumerated() {
            let normalized: String
            switch FeatureReference.parse(id, configFolder: configFolder) {
            case .success(let reference): normalized = reference.normalizedID
            case .failure: normalized = id.lowercased()
            }
            for node in nodes.indices where satisfies(nodes[node], normalized) {
                nodes[node].roundPriority = overrideOrder.count - index
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
                node.dependsOn.allSatisfy { dependency in order.contains { $0.instance.identity == dependency } }
                    && node.installsAfter.allSatisfy { dependency in order.contains { satisfies($0, dependency) } }
            }
            guard !round.isEmpty else {
                let names = remaining.map(\.instance.reference.written)
                throw DevContainerError([
                    DevContainerDiagnostic(
                        .error, at: featuresSource,
                        "features depend on each other in a cycle (dependsOn/installsAfter): \(names.joined(separator: ", ")); break the cycle"
                    )
                ])
            }
            let highest = round.map(\.roundPriority).max() ?? 0
            round.removeAll { $0.roundPriority != highest }
            remaining.removeAll { node in round.contains { $0.instance.identity == node.instance.identity } }
            round.sort { compare($0.instance, $1.instance) < 0 }
            order += round
        }
        return order.map(\.instance)
    }

    struct Node {
        var instance: FeatureInstance
        var dependsOn: [FeatureIdentity]
        var installsAfter: [String]
        var roundPriority: Int
    }

    static func identity(_ request: FeatureRequest) -> FeatureIdentity {
        FeatureIdentity(kind: request.reference.kind, options: request.optionsAsWritten)
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

    /// The reference's round comparator: by kind-specific resource, then version (oldest tag first),
    /// then options; different kinds by the reference as written.
    public static func compare(_ a: FeatureInstance, _ b: FeatureInstance) -> Int {
        let optionsOrder = localeCompare(
            a.request.optionsAsWritten.rendered(pretty: false), b.request.optionsAsWritten.rendered(pretty: false))
        switch (a.reference.kind, b.reference.kind) {
        case (.oci(_, _, _, let versionA), .oci(_, _, _, let versionB)):
            let resource = localeCompare(a.reference.normalizedID, b.reference.normalizedID)
            if resource != 0 { return resource }
            let version = compareVersions(versionA, versionB)
            if version != 0 { return version }
            return optionsOrder
        case (.local(let pathA), .local(let pathB)):
            let path = localeCompare(pathA, pathB)
            return path != 0 ? path : optionsOrder
        case (.tarball(let urlA), .tarball(let urlB)):
            let url = localeCompare(urlA, urlB)
            return url != 0 ? url : optionsOrder
        default:
            return localeCompare(a.reference.written, b.reference.written)
        }
    }

    static func compareVersions(_ a: FeatureReference.OCIVersion, _ b: FeatureReference.OCIVersion) -> Int {
        switch (a, b) {
        case (.tag(let tagA), .tag(let tagB)):
            if tagA == tagB { return 0 }
            if tagA == "latest" { return 1 }
            if tagB == "latest" { return -1 }
            let partsA = tagA.split(separator: ".").map { Int($0) }
            let partsB = tagB.split(separator: ".").map { Int($0) }
            if partsA.allSatisfy({ $0 != nil }), partsB.allSatisfy({ $0 != nil }) {
                for (x, y) in zip(partsA, partsB) where x != y { return x! < y! ? -1 : 1 }
                return partsA.count < partsB.count ? -1 : partsA.count > partsB.count ? 1 : 0
            }
            return localeCompare(tagA, tagB)
        case (.digest(let digestA), .digest(let digestB)): return localeCompare(digestA, digestB)
        case (.tag, .digest): return -1
        case (.digest, .tag): return 1
        }
    }

    /// An approximation of JavaScript's `localeCompare` (ICU root collation) for the ASCII identifiers
    /// features use: punctuation before digits before letters, letters case-insensitive first, then
    /// lowercase before uppercase.
    static func localeCompare(_ a: String, _ b: String) -> Int {
        let punctuation = Array("_-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$")
        func key(_ character: Character) -> (Int, Int) {
            if let index = punctuation.firstIndex(of: character) { return (0, index) }
            if character.isNumber { return (1, Int(character.asciiValue ?? 0)) }
            if character.isLetter { return (2, Int(Character(character.lowercased()).asciiValue ?? 0)) }
            return (3, Int(character.unicodeScalars.first?.value ?? 0))
        }
        for (x, y) in zip(a, b) where key(x) != key(y) { return key(x) < key(y) ? -1 : 1 }
        if a.count != b.count { return a.count < b.count ? -1 : 1 }
        for (x, y) in zip(a, b) where x != y { return x.isLowercase ? -1 : 1 }
        return 0
    }
}
