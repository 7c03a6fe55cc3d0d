import GitspacesCore
import Shared

/// The in-place steps: start, stop and update.
extension ApplyExecutor {
    /// Starts, stops or updates the container in place: CPU and memory limits, disk size, branch, pending hooks.
    func applyInPlace(_ action: PlanAction, container: ManagedContainer?, currentDisk: ByteSize?) async throws
        -> StepResult
    {
        guard let container, let spec = action.spec else {
            throw ApplyError(.containerGone, "the container of \(action.name) is gone: the next pass recreates it")
        }
        if action.changes.contains(where: { $0.field == "hardware.cpus" || $0.field == "hardware.memory" }) {
            try await runtime.setLimits(
                of: container.id, nanoCPUs: spec.hardware.cpus.nanoCPUs, memory: spec.hardware.memory.bytes)
        }
        var disk = spec.hardware.disk
        var notes: [String] = []
        if action.changes.contains(where: { $0.field == "hardware.disk" }) {
            let resized = try await resizeDisk(action.name, container: container, from: currentDisk, to: disk)
            disk = resized.size
            notes += resized.note.map { [$0] } ?? []
        }
        var branch = spec.branch
        var blocked: String?
        if let change = action.changes.first(where: { $0.field == "branch" }) {
            blocked = try await switchBranch(action.name, to: sources[action.name]?.branch ?? spec.branch)
            if blocked != nil { branch = change.old }
        }
        let applied = AppliedRecord(
            containerID: container.id, cpus: spec.hardware.cpus, memory: spec.hardware.memory, branch: branch,
            disk: disk)
        try await BlockingWork.run { [records] in try records.write(applied, for: action.name) }
        try await recordDotfilesChange(action, containerID: container.id)
        if let blocked { throw ApplyError(.blocked, blocked) }
        if disk != spec.hardware.disk, let from = disk, let to = spec.hardware.disk {
            throw ApplyError(
                .blocked,
                "hardware.disk \(from) → \(to) is not applied: shrinking a workspace could lose data; "
                    + "move the work out and recreate the Gitspace (delete, then add it again) to make it smaller")
        }
        if action.kind == .start {
            if let workspaces {
                try await BlockingWork.run { try workspaces.remount(name: action.name) }
            }
            try markStarting(action.name, containerID: container.id)
            try await runtime.startContainer(container.id)
            return StepResult(
                notes: try await runPendingSetup(action.name, containerID: container.id, starting: true).map { [$0] }
                    ?? [])
        }
        if action.kind == .stop { try await runtime.stopContainer(container.id, timeout: stopTimeout) }
        if action.kind == .update, action.running, action.changes.contains(where: { $0.field == "lifecycle" }) {
            // A hook may be retried because a fix was pushed: bring a clean workspace up to date first.
            if let workspaces, runtime.nodeWorkspaces == nil, let source = sources[action.name] {
                do {
                    _ = try await BlockingWork.run { () throws -> String in
                        try workspaces.prepare(
                            name: action.name, mirror: source.mirror, repo: spec.repo, branch: source.branch,
                            disk: spec.hardware.disk?.bytes)
                    }
                } catch {
                    throw ApplyError(
                        .workspace,
                        "the workspace of \(action.name) could not be brought up to date before its hooks run "
                            + "again: \(ApplyError.describe(error)); the next pass tries again", cause: error)
                }
            }
            return StepResult(
                notes: try await runPendingSetup(action.name, containerID: container.id, starting: false).map { [$0] }
                    ?? [])
        }
        return StepResult(notes: notes)
    }

    /// Grows an enforced workspace in place to `size`, online with the container running; where the host refuses
    /// online resizing, the same container is stopped, the filesystem grown and the container started again.
    /// A smaller size is not applied. Returns the size in force, and a note when the container restarted.
    func resizeDisk(_ name: String, container: ManagedContainer, from current: ByteSize?, to size: ByteSize?)
        async throws -> (size: ByteSize?, note: String?)
    {
        guard let size, let current, size > current else { return (current ?? size, nil) }
        guard let workspaces else { return (size, nil) }
        if try await BlockingWork.run({ try workspaces.growOnline(name: name, bytes: size.bytes) }) {
            return (size, nil)
        }
        guard container.running else {
            try await BlockingWork.run { try workspaces.grow(name: name, bytes: size.bytes) }
            return (size, nil)
        }
        try await runtime.stopContainer(container.id, timeout: stopTimeout)
        try await BlockingWork.run { try workspaces.grow(name: name, bytes: size.bytes) }
        try markStarting(name, containerID: container.id)
        try await runtime.startContainer(container.id)
        _ = try await runPendingHooks(name, containerID: container.id)
        return (size, "disk grown with the container stopped briefly: this host does not allow online resizing")
    }

    func switchBranch(_ name: String, to branch: String?) async throws -> String? {
        if let nodeWorkspaces = runtime.nodeWorkspaces, workspaces != nil, let branch,
            let mirror = sources[name]?.mirror
        {
            return try await switchNodeWorkspace(name, to: branch, mirror: mirror, volumes: nodeWorkspaces)
        }
        guard let workspaces, let branch, let mirror = sources[name]?.mirror else { return nil }
        return try await BlockingWork.run { () throws -> String? in
            try workspaces.switchBranch(name: name, mirror: mirror, to: branch)
        }
    }
}
