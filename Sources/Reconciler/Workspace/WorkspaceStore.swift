package import Foundation
package import GitKit
package import GitspacesCore

/// What happened to a workspace when its Gitspace was deleted.
package enum WorkspaceDisposal: Sendable, Hashable, CustomStringConvertible {
    case none
    case removed
    /// Moved aside, with why (Retain, or the reasons it is dirty).
    case retained(path: String, reasons: [String])

    package var description: String {
        switch self {
        case .none: return "no workspace"
        case .removed: return "workspace removed (it was clean)"
        case .retained(let path, let reasons):
            return "workspace kept at \(path)" + (reasons.isEmpty ? "" : " (\(reasons.joined(separator: ", ")))")
        }
    }
}

/// Per-Gitspace workspaces on the host, cloned from the mirrors and mounted into the containers.
/// Nothing here deletes or resets a dirty workspace.
package struct WorkspaceStore: Sendable {
    /// Where the workspaces, disk images and retained folders live (absolute: bind mounts need absolute paths).
    package let layout: StateLayout
    /// How `hardware.disk` is applied to workspaces (see `DiskEnforcement`).
    package let disk: DiskEnforcement

    package var stateDirectory: String { layout.root }
    package var instance: String { layout.instance }

    package init(layout: StateLayout, disk: DiskEnforcement = .unenforced(reason: "not requested")) {
        self.layout = layout
        self.disk = disk
    }

    package init(
        stateDirectory: String, instance: String, disk: DiskEnforcement = .unenforced(reason: "not requested")
    ) {
        self.init(layout: StateLayout(stateDirectory: stateDirectory, instance: instance), disk: disk)
    }

    /// The filesystem image of a workspace whose disk size is enforced.
    package func diskImage(for name: String) -> String { layout.diskImage(name) }

    private func workspaceDisk(_ name: String) -> WorkspaceDisk {
        WorkspaceDisk(image: diskImage(for: name), mountPoint: path(for: name))
    }

    /// Whether the workspace is its own filesystem (an enforced disk size).
    package func hasOwnFilesystem(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: diskImage(for: name))
    }

    /// Mounts an enforced workspace that is not mounted (after a reboot) before its container starts; nothing
    /// for other workspaces. Blocking.
    package func remount(name: String) throws {
        let volume = workspaceDisk(name)
        guard volume.exists, !WorkspaceDisk.isMountPoint(path(for: name)) else { return }
        let size = (try? FileManager.default.attributesOfItem(atPath: volume.image)[.size] as? NSNumber)??.int64Value
        try volume.ensureMounted(bytes: size ?? 0)
    }

    /// Grows an enforced workspace's filesystem to `bytes` while its container runs (the image, its loop device,
    /// then `resize2fs` online). False when this host refuses online resizing: `grow(name:bytes:)` must then run
    /// with the container stopped. True (nothing to do) for a workspace without its own filesystem. Blocking.
    package func growOnline(name: String, bytes: Int64) throws -> Bool {
        let volume = workspaceDisk(name)
        guard disk.isEnforced, volume.exists else { return true }
        guard WorkspaceDisk.isMountPoint(path(for: name)) else { return false }
        return try volume.growOnline(to: bytes)
    }

    /// Grows an enforced workspace's filesystem to `bytes`, unmounting it when the host refuses online
    /// resizing: only while no running container uses it. Blocking.
    package func grow(name: String, bytes: Int64) throws {
        let volume = workspaceDisk(name)
        guard disk.isEnforced, volume.exists else { return }
        try volume.ensureMounted(bytes: bytes)
    }

    package func path(for name: String) -> String { layout.workspace(name) }

    package var retainedDirectory: String { layout.retained }

    /// Where the workspace appears in the container: `/workspaces/<repository name>`, as devcontainers do.
    package static func mountTarget(forRepo repo: String) -> String {
        var name = repo.split(whereSeparator: { $0 == "/" || $0 == ":" }).last.map(String.init) ?? "workspace"
        if name.hasSuffix(".git") { name.removeLast(4) }
        return "/workspaces/" + (name.isEmpty ? "workspace" : name)
    }

    /// Clones the workspace from the mirror when it is missing; when it exists, brings its remote refs up to
    /// date and fast-forwards it if it is clean. Blocking: call it off the cooperative pool.
    ///
    /// With `disk` (bytes) and loopback enforcement, a new workspace gets its own filesystem of that size, and an
    /// enforced one is remounted (after a reboot) or grown. A workspace made before enforcement stays as it is.
    package func prepare(
        name: String, mirror: String, repo: String, branch: String?, disk bytes: Int64? = nil
    ) throws -> String {
        let path = path(for: name)
        // An enforced workspace after a reboot is mounted again before anything looks inside it.
        try remount(name: name)
        if Self.isInterruptedClone(at: path) {
            // A clone a crash interrupted (no commit checked out) is never repaired by a fetch: set it aside,
            // like any workspace that is not ours to judge, and clone afresh.
            _ = try dispose(name: name, policy: .retain)
        }
        let volume = workspaceDisk(name)
        let legacy = FileManager.default.fileExists(atPath: path + "/.git") && !volume.exists
        if disk.isEnforced, let bytes, !legacy {
            try volume.ensureMounted(bytes: bytes)
        }
        if FileManager.default.fileExists(atPath: path + "/.git") {
            try Workspace.fetch(mirror: mirror, at: path)
            _ = try Workspace.fastForward(at: path)
            return path
        }
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        _ = try Workspace.clone(mirror: mirror, into: path, originURL: repo, branch: branch)
        return path
    }

    /// A repository whose HEAD names no commit: what a clone leaves when it is killed midway.
    static func isInterruptedClone(at path: String) -> Bool {
        guard FileManager.default.fileExists(atPath: path + "/.git"), let repository = try? Repository.open(at: path)
        else { return false }
        return (try? repository.resolveCommit("HEAD")) == nil
    }

    /// Switches a clean workspace to `branch`; a dirty one is left as it is and the reason returned.
    package func switchBranch(name: String, mirror: String, to branch: String) throws(GitError) -> String? {
        let path = path(for: name)
        guard FileManager.default.fileExists(atPath: path + "/.git") else { return nil }
        try Workspace.fetch(mirror: mirror, at: path)
        let status = try Workspace.status(at: path)
        if status.isDirty {
            return "the workspace has \(status.reasons.joined(separator: ", ")): not switching to \(branch); "
                + "commit and push, or stash, then apply again"
        }
        try Workspace.switchBranch(at: path, to: branch)
        return nil
    }

    /// Workspaces, disk images and mounts of this instance that belong to none of `keeping` (the declared
    /// Gitspaces and those with a container): what a delete that was interrupted (apply killed) leaves.
    package func orphans(keeping: Set<String>) -> [String] {
        let fileManager = FileManager.default
        var names = Set((try? fileManager.contentsOfDirectory(atPath: layout.workspaces)) ?? [])
        let images = (try? fileManager.contentsOfDirectory(atPath: layout.disks)) ?? []
        for image in images where image.hasSuffix(".ext4") {
            names.insert(String(image.dropLast(".ext4".count)))
        }
        let prefix = layout.workspaces + "/"
        for mount in WorkspaceDisk.mounts() where mount.point.hasPrefix(prefix) {
            names.insert(String(mount.point.dropFirst(prefix.count).prefix { $0 != "/" }))
        }
        return names.subtracting(keeping).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// Finishes the deletes `orphans(keeping:)` finds, under the rules of a delete that is not interrupted and
    /// with `Retain` (the manifest that said otherwise is gone): the workspace is copied out again into a complete
    /// `retained/` folder (a copy cut short is only ever a `….partial` folder, removed once a complete copy
    /// exists), and only then is its image unmounted and removed. Blocking.
    package func finishInterruptedDeletes(keeping: Set<String>)
        -> [(name: String, outcome: Result<WorkspaceDisposal, ApplyError>)]
    {
        orphans(keeping: keeping).map { name in
            do {
                let disposal = try dispose(name: name, policy: .retain)
                removePartialCopies(of: name)
                return (name, .success(disposal))
            } catch let error as ApplyError {
                return (name, .failure(error))
            } catch {
                return (name, .failure(ApplyError(.workspace, "\(error)", cause: error)))
            }
        }
    }

    private func removePartialCopies(of name: String) {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: retainedDirectory)) ?? []
        for entry in entries where entry.hasPrefix(name + "-") && entry.hasSuffix(WorkspaceDisk.partialSuffix) {
            try? FileManager.default.removeItem(atPath: retainedDirectory + "/" + entry)
        }
    }

    /// Removes a clean workspace under `Delete`; otherwise moves it to `<state>/retained/<name>-<UTC time>`.
    /// An enforced workspace is copied out of its filesystem into the retained folder (its image is removed
    /// only after the copy succeeded).
    package func dispose(name: String, policy: Gitspace.DeletionPolicy, now: Date = Date()) throws -> WorkspaceDisposal
    {
        let path = path(for: name)
        let volume = workspaceDisk(name)
        // After a reboot: mount it again so that its content is judged and kept like any other.
        try remount(name: name)
        guard FileManager.default.fileExists(atPath: path) else { return .none }
        var reasons: [String] = []
        if FileManager.default.fileExists(atPath: path + "/.git") {
            do {
                let status = try Workspace.status(at: path)
                reasons = status.reasons
            } catch {
                // A workspace we cannot read is treated as holding work.
                reasons = ["its state cannot be read (\(error))"]
            }
        }
        let mounted = WorkspaceDisk.isMountPoint(path)
        if policy == .delete, reasons.isEmpty {
            if mounted { try volume.destroy() } else { try FileManager.default.removeItem(atPath: path) }
            return .removed
        }
        try FileManager.default.createDirectory(atPath: retainedDirectory, withIntermediateDirectories: true)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        var target = "\(retainedDirectory)/\(name)-\(formatter.string(from: now))"
        var suffix = 1
        while FileManager.default.fileExists(atPath: target) {
            suffix += 1
            target = "\(retainedDirectory)/\(name)-\(formatter.string(from: now))-\(suffix)"
        }
        if mounted {
            try volume.copyOut(to: target)
            try volume.destroy()
        } else {
            try FileManager.default.moveItem(atPath: path, toPath: target)
        }
        return .retained(
            path: target, reasons: policy == .retain && reasons.isEmpty ? ["deletionPolicy Retain"] : reasons)
    }
}
