import Foundation
package import GitspacesCore
import Shared

/// How Gitspaces are named and labelled on the engine (the contract in DESIGN.md).
package enum ContainerIdentity {
    package static let nameLabel = "dev.gitspaces.name"
    package static let instanceLabel = "dev.gitspaces.instance"
    package static let specHashLabel = "dev.gitspaces.spec-hash"
    package static let commitLabel = "dev.gitspaces.commit"
    /// The resolved spec the container was created from, as JSON: lets a plan show old → new values
    /// without a state file. It holds no secrets (credentials are a name).
    package static let specLabel = "dev.gitspaces.spec"
    /// Who commands run as in the container (`exec`, `ssh`, hooks): devcontainer.json's `remoteUser`, else its
    /// `containerUser`, as resolved when the container was created (the image's metadata included).
    package static let remoteUserLabel = "dev.gitspaces.remote-user"
    /// The gitspaces release that created the container. Informational only: it enters neither the spec hash nor
    /// what is observed, so an upgrade recreates nothing (an in-place update cannot relabel, so it stays the creator).
    package static let writerVersionLabel = "dev.gitspaces.writer-version"

    package static func containerName(_ gitspace: String) -> String { "gitspace-\(gitspace)" }

    /// The labels of a container created for `name` from `spec`.
    package static func labels(
        name: String, instance: String, spec: ResolvedSpec, commit: String?, remoteUser: String? = nil,
        writerVersion: String = Release.number
    ) -> [String: String] {
        var labels = [
            nameLabel: name, instanceLabel: instance, specHashLabel: spec.hash, specLabel: encode(spec),
            writerVersionLabel: writerVersion,
        ]
        if let commit { labels[commitLabel] = commit }
        if let remoteUser, !remoteUser.isEmpty { labels[remoteUserLabel] = remoteUser }
        return labels
    }

    /// The spec a container was created from, read back from its labels; nil when they hold none.
    package static func spec(fromLabels labels: [String: String]) -> ResolvedSpec? {
        decode(labels[specLabel])
    }

    /// The spec hash of a container, recomputed from its spec label when that decodes, else its spec-hash label.
    /// Containers created before the hash moved to SHA-256 carry another digest in the spec-hash label; recomputing
    /// makes an unchanged spec compare equal to the desired one, so an upgrade recreates nothing.
    package static func specHash(fromLabels labels: [String: String]) -> String? {
        spec(fromLabels: labels)?.hash ?? labels[specHashLabel]
    }

    /// Who commands run as, from a container's labels: the recorded remote user, else (containers made before it
    /// was recorded) `remoteUser` or `containerUser` of the spec's devcontainer.json; nil when neither is set.
    package static func remoteUser(fromLabels labels: [String: String]) -> String? {
        if let user = labels[remoteUserLabel], !user.isEmpty { return user }
        let config = spec(fromLabels: labels)?.devcontainerConfig ?? [:]
        for key in ["remoteUser", "containerUser"] {
            // Values are compact JSON (`"dev"`), as `DevContainerSetup.configMap` writes them.
            guard let json = config[key], let user = try? JSONDecoder().decode(String.self, from: Data(json.utf8)),
                !user.isEmpty
            else { continue }
            return user
        }
        return nil
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
