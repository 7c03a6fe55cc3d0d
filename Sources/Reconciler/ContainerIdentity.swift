public import GitspacesCore
import Foundation

/// How Gitspaces are named and labelled on the engine (the contract in DESIGN.md).
public enum ContainerIdentity {
    public static let nameLabel = "dev.gitspaces.name"
    public static let instanceLabel = "dev.gitspaces.instance"
    public static let specHashLabel = "dev.gitspaces.spec-hash"
    public static let commitLabel = "dev.gitspaces.commit"
    /// The resolved spec the container was created from, as JSON: lets a plan show old → new values
    /// without a state file. It holds no secrets (credentials are a name).
    public static let specLabel = "dev.gitspaces.spec"

    public static func containerName(_ gitspace: String) -> String { "gitspace-\(gitspace)" }

    /// The labels of a container created for `name` from `spec`.
    public static func labels(name: String, instance: String, spec: ResolvedSpec, commit: String?) -> [String: String] {
        var labels = [
            nameLabel: name, instanceLabel: instance, specHashLabel: spec.hash, specLabel: encode(spec),
        ]
        if let commit { labels[commitLabel] = commit }
        return labels
    }

    static func encode(_ spec: ResolvedSpec) -> String {
        var spec = spec
        // Hooks to run are state, kept in the lifecycle marker, not a property of the container.
        spec.lifecycle = nil
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(spec)) ?? Data(), as: UTF8.self)
    }

    static func decode(_ label: String?) -> ResolvedSpec? {
        guard let label else { return nil }
        return try? JSONDecoder().decode(ResolvedSpec.self, from: Data(label.utf8))
    }
}
