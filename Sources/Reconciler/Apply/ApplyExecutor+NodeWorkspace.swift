import DevContainer
import DockerEngine
import Foundation
import GitKit
import GitspacesCore
import Shared

/// Workspaces in volumes on swarm nodes: made, given to the container's user, judged before a delete or a branch
/// switch by the same dirty rules as a host workspace (on a copy read back into a private host folder).
extension ApplyExecutor {
    /// The Gitspace's workspace volume on `placement`'s node, filled from the mirror when new; the mount for its
    /// container and a note.
    func prepareNodeWorkspace(
        _ name: String, spec: ResolvedSpec, source: ResolvedSource, image: String, on placement: RuntimePlacement,
        volumes: NodeWorkspaces
    ) async throws -> (mount: ContainerTemplate.WorkspaceMount, note: String?) {
        let target =
            source.setup?.resolution.resolved.workspaceMount.target ?? WorkspaceStore.mountTarget(forRepo: spec.repo)
        let prepared: (volume: NodeVolume, created: Bool)
        do {
            prepared = try await volumes.ensure(
                name, instance: instance, on: placement, helperImage: image, mirror: source.mirror, repo: spec.repo,
                branch: source.branch)
        } catch let error as ApplyError {
            throw error
        } catch {
            throw ApplyError(
                .workspace, "the workspace of \(name) could not be made on \(placement): \(ApplyError.describe(error))",
                cause: error)
        }
        return (
            ContainerTemplate.WorkspaceMount(host: prepared.volume.name, target: target, isVolume: true),
            prepared.created ? "workspace cloned into volume \(prepared.volume.name)" : nil
        )
    }

    /// The placement step: where the Gitspace's container goes, reserved for this pass. A refusal is `.pending`.
    func place(_ name: String, spec: ResolvedSpec) async throws -> RuntimePlacement {
        do {
            return try await runtime.place(
                name, instance: instance,
                request: PlacementAmount(cpus: spec.hardware.cpus, memory: spec.hardware.memory), ledger: placements)
        } catch let refusal as SwarmPlacementError {
            throw ApplyError(.pending, refusal.description, cause: refusal)
        }
    }

    /// Gives a workspace volume's files to `uid:gid` from inside the running container, as root.
    func giveNodeWorkspace(_ target: String, in container: String, uid: Int, gid: Int) async throws {
        let result = try await runtime.run(["chown", "-R", "-h", "\(uid):\(gid)", target], in: container, user: "0")
        guard result.exitCode == 0 else {
            throw ApplyError(
                .workspace,
                "could not give the workspace \(target) to uid \(uid) inside the container: \(result.stderr)")
        }
    }

    /// Judges the workspace volume by the dirty rules: removed when clean under `Delete`, otherwise kept as a
    /// volume labelled `dev.gitspaces.retained-at` on its node. A volume that cannot be read back is kept as it is.
    /// `helperImage` (the image the container ran) is preferred to the one the volume was made with, which may be
    /// gone from the node since.
    func disposeNodeWorkspace(
        _ name: String, policy: Gitspace.DeletionPolicy, volumes: NodeWorkspaces, helperImage: String?
    ) async throws -> WorkspaceDisposal {
        guard var volume = try await volumes.find(name, instance: instance) else { return .none }
        volume.helperImage = helperImage ?? volume.helperImage
        let tar: [UInt8]
        do {
            tar = try await volumes.archive(volume, gitspace: name, instance: instance)
        } catch {
            // Nothing read, nothing judged: the volume stays exactly as it is.
            return .retained(
                path: volume.description, reasons: ["its state cannot be read (\(ApplyError.describe(error)))"])
        }
        let reasons = await Self.dirtyReasons(of: tar, mirror: nil)
        if policy == .delete, reasons.isEmpty {
            try await volumes.remove(volume)
            return .removed
        }
        let kept = try await volumes.retain(volume, tar: tar, gitspace: name, instance: instance, now: clock())
        return .retained(
            path: kept.description, reasons: policy == .retain && reasons.isEmpty ? ["deletionPolicy Retain"] : reasons)
    }

    /// Switches a clean workspace volume to `branch` (the switch is made on a copy, which then replaces the files
    /// in the running container); a dirty one is left as it is and the reason returned, as on one engine.
    func switchNodeWorkspace(_ name: String, to branch: String, mirror: String, volumes: NodeWorkspaces)
        async throws -> String?
    {
        guard var volume = try await volumes.find(name, instance: instance) else { return nil }
        let container = ContainerIdentity.containerName(name)
        let details = try await runtime.container(container)
        volume.helperImage = details?.imageID ?? volume.helperImage
        let tar: [UInt8]
        do {
            tar = try await volumes.archive(volume, gitspace: name, instance: instance)
        } catch {
            return "the workspace \(volume) cannot be read back (\(ApplyError.describe(error))): not switching to "
                + "\(branch); the next pass tries again"
        }
        let reasons = await Self.dirtyReasons(of: tar, mirror: mirror)
        if !reasons.isEmpty {
            return "the workspace has \(reasons.joined(separator: ", ")): not switching to \(branch); "
                + "commit and push, or stash, then apply again"
        }
        guard let details, details.state.running else {
            return "the workspace \(volume) is switched to \(branch) only while \(name) runs: start it, then apply "
                + "again"
        }
        guard let target = details.mounts.first(where: { $0.name == volume.name })?.destination else { return nil }
        let switched = try await BlockingWork.run { () throws -> [UInt8] in
            let copy = try NodeWorkspaces.extract(tar)
            defer { copy.folder.remove() }
            try Workspace.fetch(mirror: mirror, at: copy.workspace)
            try Workspace.switchBranch(at: copy.workspace, to: branch)
            return try FolderArchive.archive(copy.workspace)
        }
        try await volumes.replaceFiles(
            of: volume, with: switched, in: details.id, at: target,
            emptying: { command in
                try await runtime.run(command, in: container, user: "0")
            })
        try await giveWorkspace(target, toUserOf: container, inContainerAt: target)
        return nil
    }

    /// Why the workspace in `tar` holds work (empty when clean): the same rules as `WorkspaceStore.dispose`, its
    /// remote refs first brought up to date from `mirror` when given. A copy that cannot be judged holds work.
    static func dirtyReasons(of tar: [UInt8], mirror: String?) async -> [String] {
        await BlockingWork.run {
            let copy: (folder: PrivateFolder, workspace: String)
            do {
                copy = try NodeWorkspaces.extract(tar)
            } catch {
                return ["its state cannot be read (\(ApplyError.describe(error)))"]
            }
            defer { copy.folder.remove() }
            guard FileManager.default.fileExists(atPath: copy.workspace + "/.git") else { return [] }
            do {
                if let mirror { try Workspace.fetch(mirror: mirror, at: copy.workspace) }
                return try Workspace.status(at: copy.workspace).reasons
            } catch {
                return ["its state cannot be read (\(error))"]
            }
        }
    }
}
