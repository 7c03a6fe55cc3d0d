import DockerEngine
import GitspacesCore
import Shared

/// The delete step.
extension ApplyExecutor {
    /// Removes the container, its records, its workspace (clean under `Delete`, else retained) and its volumes.
    func delete(_ action: PlanAction, container: ManagedContainer?) async throws -> StepResult {
        let policy: Gitspace.DeletionPolicy = action.data == .removedIfClean ? .delete : .retain
        // An image surely on the node of a workspace volume, to read it back through once the container is gone.
        var helperImage: String?
        if runtime.nodeWorkspaces != nil, let container {
            helperImage = try? await runtime.container(container.id)?.imageID
        }
        // Anonymous volumes go with the container under Delete; otherwise they stay, as a replace leaves them.
        if let container { try await runtime.removeContainer(container.id, withVolumes: policy == .delete) }
        await BlockingWork.run { [records, lifecycle] in
            records.remove(action.name)
            lifecycle.remove(action.name)
            DotfilesRecords(layout: records.layout).remove(action.name)
        }
        var disposal: WorkspaceDisposal?
        if let nodeWorkspaces = runtime.nodeWorkspaces {
            disposal = try await disposeNodeWorkspace(
                action.name, policy: policy, volumes: nodeWorkspaces, helperImage: helperImage)
        } else if let workspaces {
            disposal = try await BlockingWork.run { try workspaces.dispose(name: action.name, policy: policy) }
        }
        let volumes = try await disposeVolumes(action.name, policy: policy, workspace: disposal ?? .none)
        return StepResult(workspace: disposal, notes: volumes.map { [$0] } ?? [])
    }

    /// Removes the Gitspace's own named volumes under `Delete` when its workspace was not kept (a dirty
    /// workspace keeps its volumes with it); otherwise leaves them, labelled with the Gitspace. Returns what
    /// happened, for the note; nil when it has none.
    func disposeVolumes(_ name: String, policy: Gitspace.DeletionPolicy, workspace: WorkspaceDisposal)
        async throws -> String?
    {
        let volumes = try await GitspaceVolumes.owned(by: name, instance: instance, runtime: runtime)
        guard !volumes.isEmpty else { return nil }
        var keep = policy == .retain
        if case .retained = workspace { keep = true }
        if !keep {
            for volume in volumes { try await runtime.removeVolume(volume) }
            return "volumes removed: \(volumes.joined(separator: ", "))"
        }
        return "volumes kept: \(volumes.joined(separator: ", ")) (labelled \(ContainerIdentity.nameLabel)=\(name); "
            + "docker volume rm them when no longer needed)"
    }
}
