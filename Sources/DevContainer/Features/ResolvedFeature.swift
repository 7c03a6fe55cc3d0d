package import Shared

/// A feature ready to build: its place in install order, its fetched content and its option values.
package struct ResolvedFeature: Sendable, Hashable {
    package var instance: FeatureInstance
    package var options: FeatureOptions
    /// The content digest (`sha256:…`) of the fetched feature.
    package var contentDigest: String
    /// What the reference resolved to: `REGISTRY/NAMESPACE/ID@sha256:…`, the URL, or the local path.
    package var resolved: String

    package init(instance: FeatureInstance, options: FeatureOptions, contentDigest: String, resolved: String) {
        self.instance = instance
        self.options = options
        self.contentDigest = contentDigest
        self.resolved = resolved
    }

    package var reference: FeatureReference { instance.reference }

    /// The feature's settings as an image metadata entry whose `id` is the reference as written: merged
    /// after the base image's entries and before devcontainer.json.
    package var metadataEntry: DevContainerConfig {
        var entry = instance.metadata.entry
        entry.id = instance.reference.written
        return entry
    }

    /// The feature's entry of the built image's `devcontainer.metadata` label.
    package var labelEntry: JSONTree {
        var object = instance.metadata.entryJSON
        object["id"] = .string(instance.reference.written)
        return .object(object)
    }

    /// Its entry of `gitspaces devcontainer resolve`'s `features` array.
    package var resolveEntry: JSONTree {
        var object: [String: JSONTree] = [
            "ref": .string(instance.reference.written),
            "options": instance.request.optionsAsWritten,
            "id": .string(instance.metadata.id),
            "resolved": .string(resolved),
            "env": .stringMap(options.environment),
        ]
        object["version"] = instance.metadata.version.map { .string($0) } ?? .null
        return .object(object)
    }

    /// Resolves the options of every feature of `order` and pairs them with their fetched content
    /// (`fetched` by reference kind: content digest and resolved form). Every bad option is reported.
    package static func resolve(
        _ order: [FeatureInstance], fetched: [FeatureReference.Kind: (digest: String, resolved: String)]
    ) -> (features: [ResolvedFeature], diagnostics: [DevContainerDiagnostic]) {
        var features: [ResolvedFeature] = []
        var diagnostics: [DevContainerDiagnostic] = []
        for instance in order {
            let options = FeatureOptions.resolve(instance.request, metadata: instance.metadata)
            diagnostics += options.diagnostics
            let content = fetched[instance.reference.kind] ?? (digest: "", resolved: instance.reference.description)
            features.append(
                ResolvedFeature(
                    instance: instance, options: options.options, contentDigest: content.digest,
                    resolved: content.resolved))
        }
        return (features, diagnostics)
    }
}
