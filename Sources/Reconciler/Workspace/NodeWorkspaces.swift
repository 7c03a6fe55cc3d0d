package import DockerEngine
package import Foundation
package import GitKit
import Shared

/// Workspaces as named volumes on swarm nodes, reached through each node's own engine: filled from a clone made on
/// this host, read back into a private folder to be judged by the same dirty rules as a host workspace, kept as a
/// volume labelled `dev.gitspaces.retained-at` when they hold work.
///
/// The volume is only ever touched through helper containers that mount it and never run: the archive API
/// (`PUT`/`GET /containers/{id}/archive`) reads and writes a container's files whether it runs or not.
package struct NodeWorkspaces: Sendable {
    /// Marks a Gitspace's workspace volume.
    package static let workspaceLabel = "dev.gitspaces.workspace"
    /// On a workspace volume kept after its Gitspace was deleted: when (UTC, `yyyyMMddTHHmmssZ`).
    package static let retainedAtLabel = "dev.gitspaces.retained-at"
    /// The image helper containers of this volume are made from.
    package static let helperImageLabel = "dev.gitspaces.helper-image"
    /// The largest workspace read back (held in memory as one tar): a larger one cannot be judged, so it is kept.
    static let readBackLimit = 1 << 30
    /// Where a helper container mounts the volume.
    static let helperMount = "/workspace"

    /// The engine of a node, by its endpoint.
    let engine: @Sendable (String) async throws -> DockerClient
    /// Every node able to hold workspaces: (id, host name, endpoint).
    let nodes: @Sendable () async throws -> [RuntimePlacement]

    package init(
        engine: @escaping @Sendable (String) async throws -> DockerClient,
        nodes: @escaping @Sendable () async throws -> [RuntimePlacement]
    ) {
        self.engine = engine
        self.nodes = nodes
    }

    /// The workspace volume's name for a Gitspace.
    package static func volumeName(_ gitspace: String) -> String { "gitspace-\(gitspace)-workspace" }

    /// The Gitspace's workspace volume (not a retained one), on whichever node holds it.
    package func find(_ gitspace: String, instance: String) async throws -> NodeVolume? {
        let labels: [String: String?] = [
            ContainerIdentity.nameLabel: gitspace, ContainerIdentity.instanceLabel: instance, Self.workspaceLabel: nil,
        ]
        for placement in try await nodes() {
            guard let endpoint = placement.endpoint else { continue }
            let found = try await engine(endpoint).listVolumes(labels: labels).first {
                $0.labels[Self.retainedAtLabel] == nil
            }
            if let found {
                return NodeVolume(
                    name: found.name, placement: placement, helperImage: found.labels[Self.helperImageLabel])
            }
        }
        return nil
    }

    /// The Gitspace's workspace volume on `placement`'s node: the one there, or a new one filled with a clone of
    /// `mirror` (made in a private host folder, then removed). Returns the volume and whether it was made now.
    package func ensure(
        _ gitspace: String, instance: String, on placement: RuntimePlacement, helperImage: String,
        mirror: String, repo: String, branch: String?
    ) async throws -> (volume: NodeVolume, created: Bool) {
        if let existing = try await find(gitspace, instance: instance) {
            guard existing.placement.nodeID == placement.nodeID else {
                throw ApplyError(
                    .workspace,
                    "the workspace of \(gitspace) is \(existing) but its container was placed on \(placement): "
                        + "the next pass places it with its workspace")
            }
            return (existing, false)
        }
        let client = try await client(placement)
        let name = Self.volumeName(gitspace)
        let labels = [
            ContainerIdentity.nameLabel: gitspace, ContainerIdentity.instanceLabel: instance,
            Self.workspaceLabel: "true", Self.helperImageLabel: helperImage,
        ]
        let volume = NodeVolume(name: name, placement: placement, helperImage: helperImage)
        let tar = try await BlockingWork.run { () throws -> [UInt8] in
            let folder = try PrivateFolder()
            defer { folder.remove() }
            _ = try Workspace.clone(mirror: mirror, into: folder.path + "/w", originURL: repo, branch: branch)
            return try FolderArchive.archive(folder.path + "/w")
        }
        _ = try await client.createVolume(name: name, labels: labels)
        do {
            try await withHelper(volume, client: client, gitspace: gitspace, instance: instance) { helper in
                try await client.putArchive(helper, path: Self.helperMount, tar: tar)
            }
        } catch {
            // A volume that was never filled holds nothing: remove it so the next pass fills it afresh.
            _ = try? await client.removeVolume(name)
            throw error
        }
        return (volume, true)
    }

    /// The volume's files as a tar archive, its entries under `workspace/`.
    package func archive(_ volume: NodeVolume, gitspace: String, instance: String) async throws -> [UInt8] {
        let client = try await client(volume.placement)
        var tar: [UInt8] = []
        try await withHelper(volume, client: client, gitspace: gitspace, instance: instance) { helper in
            tar = try await client.getArchive(helper, path: Self.helperMount, limit: Self.readBackLimit)
        }
        return tar
    }

    /// Extracts what `archive` read into a private host folder (blocking); returns the folder (the caller removes
    /// it) and the workspace's path inside it.
    package static func extract(_ tar: [UInt8]) throws -> (folder: PrivateFolder, workspace: String) {
        let folder = try PrivateFolder()
        do {
            try SafeTarExtractor.extract(tar, into: folder.path)
        } catch {
            folder.remove()
            throw ApplyError(.workspace, "the workspace read back from its volume cannot be unpacked: \(error)")
        }
        return (folder, folder.path + "/" + String(helperMount.dropFirst()))
    }

    /// Keeps the work of a volume: a copy labelled `dev.gitspaces.retained-at` made from `tar` (what `archive`
    /// read) on the same node; the original is removed only once the copy is complete. Returns the copy.
    package func retain(
        _ volume: NodeVolume, tar: [UInt8], gitspace: String, instance: String, now: Date = Date()
    ) async throws -> NodeVolume {
        let client = try await client(volume.placement)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let stamp = formatter.string(from: now)
        var name = "\(volume.name)-retained-\(stamp)"
        var suffix = 1
        while try await client.inspectVolume(name) != nil {
            suffix += 1
            name = "\(volume.name)-retained-\(stamp)-\(suffix)"
        }
        var labels = [
            ContainerIdentity.nameLabel: gitspace, ContainerIdentity.instanceLabel: instance,
            Self.workspaceLabel: "true", Self.retainedAtLabel: stamp,
        ]
        if let image = volume.helperImage { labels[Self.helperImageLabel] = image }
        let copy = NodeVolume(name: name, placement: volume.placement, helperImage: volume.helperImage)
        _ = try await client.createVolume(name: name, labels: labels)
        try await withHelper(copy, client: client, gitspace: gitspace, instance: instance) { helper in
            // The tar's entries start with the mount's folder name: extract it at the root.
            try await client.putArchive(helper, path: "/", tar: tar)
        }
        _ = try await client.removeVolume(volume.name)
        return copy
    }

    /// Removes a volume (a clean workspace under `Delete`).
    package func remove(_ volume: NodeVolume) async throws {
        _ = try await client(volume.placement).removeVolume(volume.name)
    }

    /// Replaces the files of a volume a running container mounts at `target` with `tar` (paths relative to the
    /// workspace): `emptying` runs a command in that container (as root) to remove the old files, then the archive
    /// goes into the container on the volume's node.
    package func replaceFiles(
        of volume: NodeVolume, with tar: [UInt8], in containerID: String, at target: String,
        emptying: (_ command: [String]) async throws -> ExecResult
    ) async throws {
        let emptied = try await emptying([
            "sh", "-c", "rm -rf -- \"$1\"/* \"$1\"/.[!.]* \"$1\"/..?*", "sh", target,
        ])
        guard emptied.exitCode == 0 else {
            throw ApplyError(.workspace, "could not empty \(volume) in the container: \(emptied.stderr)")
        }
        try await client(volume.placement).putArchive(containerID, path: target, tar: tar)
    }

    private func client(_ placement: RuntimePlacement) async throws -> DockerClient {
        guard let endpoint = placement.endpoint else {
            throw ApplyError(.workspace, "\(placement) has no engine endpoint to reach its workspace volumes")
        }
        return try await engine(endpoint)
    }

    /// Runs `body` with a container (created, never started) that mounts `volume` at `helperMount`.
    private func withHelper(
        _ volume: NodeVolume, client: DockerClient, gitspace: String, instance: String,
        _ body: (String) async throws -> Void
    ) async throws {
        guard let image = volume.helperImage, !image.isEmpty else {
            throw ApplyError(
                .workspace, "\(volume) does not say which image can mount it (no \(Self.helperImageLabel) label)")
        }
        let spec = ContainerSpec(
            image: image, cmd: ["true"], entrypoint: [""],
            labels: [
                ContainerIdentity.nameLabel: gitspace, ContainerIdentity.instanceLabel: instance,
                Self.workspaceLabel: "helper",
            ],
            hostConfig: HostConfig(mounts: [Mount(type: .volume, source: volume.name, target: Self.helperMount)]))
        let helper = try await client.create(name: nil, spec: spec)
        do {
            try await body(helper)
        } catch {
            _ = try? await client.remove(helper, force: true)
            throw error
        }
        _ = try await client.remove(helper, force: true)
    }
}

/// A folder only this user can read, under the system's temporary folder; removed by `remove()`.
package struct PrivateFolder: Sendable {
    package let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "/gitspaces-workspace-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw ApplyError(.workspace, "could not make a private temporary folder: errno \(errno)")
        }
        path = String(cString: made)
    }

    package func remove() { try? FileManager.default.removeItem(atPath: path) }
}
