package import DevContainer
package import DockerEngine
import Shared

/// The named volumes of a Gitspace: each volume name devcontainer.json mounts (`mounts`, a volume
/// `workspaceMount`) becomes an engine volume Gitspaces makes for this Gitspace alone, so that two Gitspaces of
/// one repository never see each other's data. Only names the Policy lists in `devcontainer.sharedVolumes`
/// map to one volume shared by the instance's Gitspaces.
///
/// A source repository cannot reach a volume Gitspaces did not make for it: whatever name it writes is mapped,
/// and an existing engine volume under the mapped name is used only when its labels say it was made for this
/// Gitspace (or as this instance's shared volume).
package enum GitspaceVolumes {
    /// The volume name as devcontainer.json writes it.
    package static let volumeLabel = "dev.gitspaces.volume"
    /// `true` on the volumes shared by an instance's Gitspaces (they carry no `dev.gitspaces.name`).
    package static let sharedLabel = "dev.gitspaces.shared"
    /// Longest engine volume name Gitspaces makes; longer ones are shortened with a digest.
    static let maximumNameLength = 128

    /// One named volume a Gitspace mounts.
    package struct Claim: Sendable, Hashable {
        /// The name in devcontainer.json.
        package var volume: String
        /// The engine volume it is mounted from.
        package var engineName: String
        package var shared: Bool
        /// The labels the engine volume is made with, and must carry when it exists.
        package var labels: [String: String]
    }

    /// The engine volume of devcontainer.json's `volume` for Gitspace `gitspace`: `gitspace-<name>_<volume>` (a
    /// Gitspace name holds no `_`, so no two Gitspaces can map to the same name), or for a shared name
    /// `gitspaces-shared-<instance>_<volume>`; shortened with a digest when too long or not the engine's grammar.
    package static func claim(
        volume: String, gitspace: String, instance: String, shared sharedNames: [String]
    ) -> Claim {
        let shared = sharedNames.contains(volume)
        let prefix = shared ? "gitspaces-shared-\(instance)_" : "\(ContainerIdentity.containerName(gitspace))_"
        var name = prefix + volume
        if name.count > maximumNameLength || !isEngineName(name) {
            let digest = Hashing.sha256Hex("\(instance)\n\(shared ? "" : gitspace)\n\(volume)").prefix(16)
            let readable = String(String(name.unicodeScalars.filter(isNameScalar)).prefix(maximumNameLength - 17))
            let start = isNameStart(readable.unicodeScalars.first) ? "" : "v"
            name = start + readable + "-" + digest
        }
        var labels = [ContainerIdentity.instanceLabel: instance, volumeLabel: volume]
        if shared { labels[sharedLabel] = "true" } else { labels[ContainerIdentity.nameLabel] = gitspace }
        return Claim(volume: volume, engineName: name, shared: shared, labels: labels)
    }

    /// Every named volume `devcontainer` mounts, in mount order, once each.
    package static func claims(
        of devcontainer: ResolvedDevContainer, gitspace: String, instance: String, shared: [String]
    ) -> [Claim] {
        var claims: [Claim] = []
        for mount in [devcontainer.workspaceMount] + devcontainer.mounts where mount.type == .volume {
            guard let volume = mount.source, !claims.contains(where: { $0.volume == volume }) else { continue }
            claims.append(claim(volume: volume, gitspace: gitspace, instance: instance, shared: shared))
        }
        return claims
    }

    /// Whether an existing engine volume is the one `claim` stands for.
    package static func isMadeFor(_ claim: Claim, labels: [String: String]) -> Bool {
        claim.labels.allSatisfy { labels[$0.key] == $0.value }
            && (claim.shared ? labels[ContainerIdentity.nameLabel] == nil : labels[sharedLabel] == nil)
    }

    /// Makes the engine volumes of `claims`, or checks that existing ones were made for them.
    ///
    /// - Throws: `ApplyError` naming the volume when one exists that Gitspaces did not make for this Gitspace.
    package static func ensure(_ claims: [Claim], gitspace: String, runtime: any ContainerRuntime) async throws {
        for claim in claims {
            let volume: VolumeDetails
            if let existing = try await runtime.volume(claim.engineName) {
                volume = existing
            } else {
                volume = try await runtime.createVolume(named: claim.engineName, labels: claim.labels)
            }
            guard isMadeFor(claim, labels: volume.labels) else {
                throw ApplyError(
                    .foreignVolume,
                    "Gitspace \(gitspace): the engine volume \(claim.engineName) (for devcontainer.json's volume "
                        + "\"\(claim.volume)\") exists and was not made by Gitspaces for this Gitspace; Gitspaces "
                        + "never mounts it: remove or rename that volume, then apply again")
            }
        }
    }

    /// The Gitspace's own volumes on the engine (shared ones are not), by engine name.
    package static func owned(by gitspace: String, instance: String, runtime: any ContainerRuntime) async throws
        -> [String]
    {
        let labels: [String: String?] = [
            ContainerIdentity.instanceLabel: instance, ContainerIdentity.nameLabel: gitspace, volumeLabel: nil,
        ]
        let volumes = try await runtime.volumes(labelled: labels)
        return volumes.map(\.name).sorted()
    }

    /// `[A-Za-z0-9][A-Za-z0-9_.-]+`, the engine's grammar for volume names.
    static func isEngineName(_ name: String) -> Bool {
        name.unicodeScalars.count >= 2 && isNameStart(name.unicodeScalars.first)
            && name.unicodeScalars.allSatisfy(isNameScalar)
    }

    static func isNameStart(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return false }
        return ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        isNameStart(scalar) || scalar == "_" || scalar == "." || scalar == "-"
    }
}
