import DockerEngine
import GitspacesCore

/// The replace step: the new image is built, then the container is recreated, its workspace kept.
extension ApplyExecutor {
    /// Recreates the container, keeping the host ports it had so that forwarded URLs survive.
    func replace(_ action: PlanAction, container: ManagedContainer?) async throws -> StepResult {
        // The new image first: the old container serves while it builds, and a failed build leaves it running.
        let images = try await imagesBeforeReplace(action)
        var reuse: [String: Int] = [:]
        if let container {
            // Keep the host ports the container had, so that forwarded URLs survive a replace.
            if let details = try await runtime.container(container.id) {
                for (key, bindings) in details.hostConfig.portBindings {
                    if let port = bindings.compactMap({ Int($0.hostPort) }).first { reuse[key] = port }
                }
            }
            try await runtime.removeContainer(container.id, withVolumes: false)
        }
        return StepResult(notes: try await create(action, reusingPorts: reuse, imagesReady: images))
    }
}
