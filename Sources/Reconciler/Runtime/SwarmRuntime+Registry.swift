package import DockerEngine

extension SwarmRuntime {
    /// `--registry` as given, checked: `HOST[:PORT]/NAMESPACE` in lower case, without a scheme or a tag.
    package static func validRegistry(_ given: String?) throws -> String? {
        guard let given, !given.isEmpty else { return nil }
        let trimmed = given.hasSuffix("/") ? String(given.dropLast()) : given
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789.-_:")
        guard parts.count >= 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(allowed.contains) }),
            !trimmed.contains("://"), parts.dropFirst().allSatisfy({ !$0.contains(":") })
        else {
            throw EngineError(
                .invalidArgument,
                message:
                    "--registry '\(given)' is not HOST/NAMESPACE (for example registry.example.com:5000/gitspaces, lower case, no scheme)",
                operation: "registry")
        }
        return trimmed
    }

    /// The reference `tag` has in `registry`.
    static func remoteReference(_ tag: String, in registry: String) -> String {
        "\(registry)/\(tag)"
    }

    /// Builds once through the manager, pushes the image to `registry`, and has every node that can take Gitspaces
    /// pull it and tag it as `tag`, so a service names the same image on every node. Nodes that have it already are
    /// left alone; the registry's copy is pushed only when some node lacks it.
    func buildThroughRegistry(
        _ registry: String, context: BuildContext, tag: String, dockerfile: String, buildArgs: [String: String],
        target: String?, labels: [String: String], output: (@Sendable (String) -> Void)?
    ) async throws {
        var missing: [DockerClient] = []
        for node in try await usableNodes() {
            let engine = try await engines.client(for: node.endpoint)
            if try await engine.inspectImage(tag) == nil { missing.append(engine) }
        }
        guard !missing.isEmpty else { return }
        let remote = Self.remoteReference(tag, in: registry)
        if try await manager.inspectImage(tag) == nil {
            try await manager.buildImage(
                context: context, tag: tag, dockerfile: dockerfile, buildArgs: buildArgs, target: target,
                labels: labels, output: output)
        }
        try await manager.tagImage(tag, as: remote)
        try await manager.pushImage(remote)
        output?("pushed \(remote)\n")
        for engine in missing where engine.host != manager.host {
            if try await engine.inspectImage(tag) != nil { continue }
            try await engine.pullImage(remote)
            try await engine.tagImage(remote, as: tag)
        }
    }
}
