import DevContainer
import Redaction
public import DockerEngine
public import GitspacesCore
public import Foundation

/// How one action of a plan ended.
public struct ActionOutcome: Sendable, Hashable {
    public var action: PlanAction
    /// nil when it applied.
    public var error: String?
    public var seconds: Double
    /// What the user should know beyond success: where a workspace was kept, for one.
    public var note: String?

    public var succeeded: Bool { error == nil }
}

/// Applies a plan to the engine: each action idempotent, at most `parallelism` at once, a failing
/// action recorded for its Gitspace without stopping the others.
public struct ApplyExecutor: Sendable {
    public let docker: DockerClient
    public let instance: String
    public let records: AppliedRecords
    /// The config commit the plan comes from, for the `dev.gitspaces.commit` label.
    public let commit: String?
    public let parallelism: Int
    /// Gitspaces whose source could not be resolved, with why: their creates and replaces fail with it.
    public let unresolved: [String: String]
    public let stopTimeout: Int
    /// The sources resolved for this pass (mirror, branch), by Gitspace name.
    public let sources: [String: ResolvedSource]
    /// Where workspaces live; nil runs containers without one.
    public let workspaces: WorkspaceStore?
    /// The host address forwarded ports are published on.
    public let bindAddress: String
    /// Lifecycle markers: which hooks each container still has to run.
    public let lifecycle: LifecycleRecords
    /// The time, for the backoff between attempts of a failing hook.
    public let clock: @Sendable () -> Date
    let ports: PortAllocator
    let builds = BuildGate()

    public init(
        docker: DockerClient, instance: String, records: AppliedRecords, commit: String?, parallelism: Int = 4,
        unresolved: [String: String] = [:], stopTimeout: Int = 10, sources: [String: ResolvedSource] = [:],
        workspaces: WorkspaceStore? = nil, bindAddress: String = "127.0.0.1",
        portRange: ClosedRange<Int> = 20000...29999, clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.bindAddress = bindAddress
        self.clock = clock
        self.lifecycle = LifecycleRecords(stateDirectory: records.stateDirectory, instance: instance)
        self.ports = PortAllocator(docker: docker, bindAddress: bindAddress, range: portRange)
        self.sources = sources
        self.workspaces = workspaces
        self.docker = docker
        self.instance = instance
        self.records = records
        self.commit = commit
        self.parallelism = max(1, parallelism)
        self.unresolved = unresolved
        self.stopTimeout = stopTimeout
    }

    /// Runs every action; `completed` is called as each one ends (from the applying task).
    public func apply(
        _ plan: Plan, observation: Observation, completed: @escaping @Sendable (ActionOutcome) -> Void = { _ in }
    ) async -> [ActionOutcome] {
        await ports.reset()
        // Free resources first: deletes and stops, then the rest in plan order.
        let order = plan.actions.filter { $0.kind == .delete || $0.kind == .stop }
            + plan.actions.filter { $0.kind != .delete && $0.kind != .stop }
        let observedDisks = Dictionary(
            observation.gitspaces.map { ($0.name, $0.spec.hardware.disk) }, uniquingKeysWith: { first, _ in first })
        return await withTaskGroup(of: ActionOutcome.self) { group in
            var outcomes: [ActionOutcome] = []
            var pending = order[...]
            func launch() {
                guard let action = pending.popFirst() else { return }
                let container = observation.containers[action.name]
                let currentDisk = observedDisks[action.name] ?? nil
                group.addTask {
                    let start = ContinuousClock.now
                    var failure: String?
                    var note: String?
                    do {
                        note = try await self.run(action, container: container, currentDisk: currentDisk)
                    } catch {
                        failure = Self.describe(error)
                    }
                    let elapsed = ContinuousClock.now - start
                    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                    let outcome = ActionOutcome(action: action, error: failure, seconds: seconds, note: note)
                    completed(outcome)
                    return outcome
                }
            }
            for _ in 0..<parallelism { launch() }
            for await outcome in group {
                outcomes.append(outcome)
                launch()
            }
            return outcomes.sorted { ($0.action.kind, $0.action.name) < ($1.action.kind, $1.action.name) }
        }
    }

    /// Applies one action; returns a note for the user, if any.
    private func run(_ action: PlanAction, container: ManagedContainer?, currentDisk: ByteSize?) async throws
        -> String?
    {
        switch action.kind {
        case .create:
            return try await create(action)
        case .replace:
            var reuse: [String: Int] = [:]
            if let container {
                // Keep the host ports the container had, so that forwarded URLs survive a replace.
                if let details = try await docker.inspect(container.id) {
                    for (key, bindings) in details.hostConfig.portBindings {
                        if let port = bindings.compactMap({ Int($0.hostPort) }).first { reuse[key] = port }
                    }
                }
                try await docker.remove(container.id, force: true)
            }
            return try await create(action, reusingPorts: reuse)
        case .start, .stop, .update:
            guard let container, let spec = action.spec else {
                throw ApplyError("the container of \(action.name) is gone: the next pass recreates it")
            }
            if action.changes.contains(where: { $0.field == "hardware.cpus" || $0.field == "hardware.memory" }) {
                try await docker.update(
                    container.id, nanoCPUs: spec.hardware.cpus.nanoCPUs, memory: spec.hardware.memory.bytes,
                    memorySwap: spec.hardware.memory.bytes)
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
            try records.write(
                AppliedRecord(
                    containerID: container.id, cpus: spec.hardware.cpus, memory: spec.hardware.memory, branch: branch,
                    disk: disk),
                for: action.name)
            if let blocked { throw ApplyError("blocked: \(blocked)") }
            if disk != spec.hardware.disk, let from = disk, let to = spec.hardware.disk {
                throw ApplyError(
                    "blocked: hardware.disk \(from) → \(to) is not applied: shrinking a workspace could lose data; "
                        + "move the work out and recreate the Gitspace (delete, then add it again) to make it smaller")
            }
            if action.kind == .start {
                if let workspaces {
                    try await offPool { try workspaces.remount(name: action.name) }
                }
                try markStarting(action.name, containerID: container.id)
                try await docker.start(container.id)
                return try await runPendingHooks(action.name, containerID: container.id)
            }
            if action.kind == .stop { try await docker.stop(container.id, timeout: stopTimeout) }
            if action.kind == .update, action.running, action.changes.contains(where: { $0.field == "lifecycle" }) {
                // A hook may be retried because a fix was pushed: bring a clean workspace up to date first.
                if let workspaces, let source = sources[action.name] {
                    do {
                        _ = try await offPool { () throws -> String in
                            try workspaces.prepare(
                                name: action.name, mirror: source.mirror, repo: spec.repo, branch: source.branch,
                                disk: spec.hardware.disk?.bytes)
                        }
                    } catch {
                        throw ApplyError(
                            "the workspace of \(action.name) could not be brought up to date before its hooks run "
                                + "again: \(Self.describe(error)); the next pass tries again")
                    }
                }
                return try await runPendingHooks(action.name, containerID: container.id)
            }
            if !notes.isEmpty { return notes.joined(separator: "; ") }
        case .delete:
            let policy: Gitspace.DeletionPolicy = action.data == .removedIfClean ? .delete : .retain
            // Anonymous volumes go with the container under Delete; otherwise they stay, as a replace leaves them.
            if let container { try await docker.remove(container.id, force: true, volumes: policy == .delete) }
            records.remove(action.name)
            lifecycle.remove(action.name)
            var disposal = WorkspaceDisposal.none
            if let workspaces {
                disposal = try await offPool { try workspaces.dispose(name: action.name, policy: policy) }
            }
            let volumes = try await disposeVolumes(action.name, policy: policy, workspace: disposal)
            let notes = (disposal == .none ? [] : [disposal.description]) + (volumes.map { [$0] } ?? [])
            return notes.isEmpty ? nil : notes.joined(separator: "; ")
        }
        return nil
    }

    /// Removes the Gitspace's own named volumes under `Delete` when its workspace was not kept (a dirty
    /// workspace keeps its volumes with it); otherwise leaves them, labelled with the Gitspace. Returns what
    /// happened, for the note; nil when it has none.
    private func disposeVolumes(_ name: String, policy: Gitspace.DeletionPolicy, workspace: WorkspaceDisposal)
        async throws -> String?
    {
        let volumes = try await GitspaceVolumes.owned(by: name, instance: instance, docker: docker)
        guard !volumes.isEmpty else { return nil }
        var keep = policy == .retain
        if case .retained = workspace { keep = true }
        if !keep {
            for volume in volumes { try await docker.removeVolume(volume) }
            return "volumes removed: \(volumes.joined(separator: ", "))"
        }
        return "volumes kept: \(volumes.joined(separator: ", ")) (labelled \(ContainerIdentity.nameLabel)=\(name); "
            + "docker volume rm them when no longer needed)"
    }

    /// Grows an enforced workspace in place to `size`, online with the container running; where the host refuses
    /// online resizing, the same container is stopped, the filesystem grown and the container started again.
    /// A smaller size is not applied. Returns the size in force, and a note when the container restarted.
    private func resizeDisk(_ name: String, container: ManagedContainer, from current: ByteSize?, to size: ByteSize?)
        async throws -> (size: ByteSize?, note: String?)
    {
        guard let size, let current, size > current else { return (current ?? size, nil) }
        guard let workspaces else { return (size, nil) }
        if try await offPool({ try workspaces.growOnline(name: name, bytes: size.bytes) }) { return (size, nil) }
        guard container.running else {
            try await offPool { try workspaces.grow(name: name, bytes: size.bytes) }
            return (size, nil)
        }
        try await docker.stop(container.id, timeout: stopTimeout)
        try await offPool { try workspaces.grow(name: name, bytes: size.bytes) }
        try markStarting(name, containerID: container.id)
        try await docker.start(container.id)
        _ = try await runPendingHooks(name, containerID: container.id)
        return (size, "disk grown with the container stopped briefly: this host does not allow online resizing")
    }

    private func switchBranch(_ name: String, to branch: String?) async throws -> String? {
        guard let workspaces, let branch, let mirror = sources[name]?.mirror else { return nil }
        return try await offPool { () throws -> String? in try workspaces.switchBranch(name: name, mirror: mirror, to: branch) }
    }

    /// Runs blocking work (libgit2, file moves) off the cooperative pool.
    func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }

    /// Creates (or adopts) the container, starts it when wanted, records its in-place values and runs its
    /// lifecycle hooks. Returns a note: the image built, the ports published, the hooks run.
    private func create(_ action: PlanAction, reusingPorts reuse: [String: Int] = [:]) async throws -> String? {
        guard let spec = action.spec else { throw ApplyError("no spec to create \(action.name) from") }
        if let reason = unresolved[action.name] { throw ApplyError(reason) }
        guard let image = spec.image, !image.isEmpty else { throw ApplyError("no image resolved for \(action.name)") }
        let name = ContainerIdentity.containerName(action.name)
        let source = sources[action.name]
        let setup = source?.setup
        var notes: [String] = []
        var workspace: ContainerTemplate.WorkspaceMount?
        if let workspaces, let source {
            let host = try await offPool { () throws -> String in
                try workspaces.prepare(name: action.name, mirror: source.mirror, repo: spec.repo, branch: source.branch,
                    disk: spec.hardware.disk?.bytes)
            }
            let target = setup?.resolution.resolved.workspaceMount.target ?? WorkspaceStore.mountTarget(forRepo: spec.repo)
            workspace = ContainerTemplate.WorkspaceMount(
                host: host, target: target, ownFilesystem: workspaces.hasOwnFilesystem(action.name))
        }
        let baseImage = setup.map { $0.features.isEmpty ? image : $0.baseImage } ?? image
        if let setup, let source, let build = setup.resolution.resolved.build {
            let built = try await ensureBuilt(action.name, tag: baseImage, source: source, build: build)
            notes.append(built ? "built \(baseImage)" : "image \(baseImage) already built")
        } else {
            try await ensureImage(baseImage)
        }
        if let setup, let source, !setup.features.isEmpty {
            let built = try await ensureFeaturesBuilt(action.name, tag: image, setup: setup, source: source)
            notes.append(built ? "built \(image) with \(setup.features.count) feature(s)" : "image \(image) already built")
        }
        var devcontainer = setup?.resolution.resolved
        let imageConfig = try await docker.inspectImage(image)?.config
        if let setup, let source, let label = imageConfig?.labels[ImageMetadata.labelName] {
            devcontainer = try setup.resolvedAgain(source: source, imageLabel: label).get().resolution.resolved
        }
        let published = try await ports.allocate(
            devcontainer.map(PortRequest.requests(of:)) ?? [], reuse: reuse, seed: action.name)
        let shared = setup?.policy.devcontainer.sharedVolumes ?? []
        let volumes = devcontainer.map {
            GitspaceVolumes.claims(of: $0, gitspace: action.name, instance: instance, shared: shared)
        } ?? []
        try await GitspaceVolumes.ensure(volumes, gitspace: action.name, docker: docker)
        let template = ContainerTemplate.spec(
            name: action.name, instance: instance, resolved: spec, image: image, commit: commit, workspace: workspace,
            devcontainer: devcontainer, ports: published, volumes: volumes,
            imageCommand: (imageConfig?.entrypoint ?? []) + (imageConfig?.cmd ?? []))
        let id: String
        do {
            id = try await docker.create(name: name, spec: template)
        } catch let error as EngineError where error.code == .conflict {
            id = try await adopt(name: name, gitspace: action.name, spec: spec, template: template)
        }
        // The new container's labels hold its values; an older record would be stale.
        records.remove(action.name)
        if !published.isEmpty { notes.append("ports " + published.map(\.description).joined(separator: ", ")) }
        if lifecycle.read(action.name)?.containerID != id {
            lifecycle.remove(action.name)
            if let devcontainer, let record = Self.lifecycleRecord(containerID: id, devcontainer: devcontainer) {
                try lifecycle.write(record, for: action.name)
            }
        }
        if action.running {
            try markStarting(action.name, containerID: id)
            try await docker.start(id)
            if let workspace {
                try await giveWorkspace(
                    workspace.host, toUserOf: id, user: devcontainer?.remoteUser ?? devcontainer?.containerUser)
            }
            if let setup, let source, let devcontainer, !devcontainer.pendingContainerEnv.isEmpty {
                try await resolveContainerEnv(action.name, containerID: id, setup: setup, source: source)
            }
            if let ran = try await runPendingHooks(action.name, containerID: id) { notes.append(ran) }
        }
        return notes.isEmpty ? nil : notes.joined(separator: "; ")
    }

    /// Finishes `${containerEnv:…}` in the hooks' environment and commands now that the container runs.
    private func resolveContainerEnv(_ name: String, containerID: String, setup: DevContainerSetup, source: ResolvedSource)
        async throws
    {
        guard let details = try await docker.inspect(containerID), var record = lifecycle.read(name) else { return }
        var environment: [String: String] = [:]
        for entry in details.config.env {
            let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            environment[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        let label = try await docker.inspectImage(details.imageID)?.config.labels[ImageMetadata.labelName]
        let resolved = try setup.resolvedAgain(source: source, imageLabel: label, containerEnv: environment).get()
        guard let fresh = Self.lifecycleRecord(containerID: containerID, devcontainer: resolved.resolution.resolved)
        else { return }
        record.env = fresh.env
        record.hooks = fresh.hooks
        try lifecycle.write(record, for: name)
    }

    /// Makes the workspace's files belong to the container's user, so that git inside the container works
    /// without `safe.directory`. Root images need nothing; a user name is resolved inside the container.
    private func giveWorkspace(_ path: String, toUserOf container: String, user: String? = nil) async throws {
        var configured = user
        if configured == nil { configured = try await docker.inspect(container)?.config.user }
        guard let user = configured, !user.isEmpty, user != "root", user != "0",
            !user.hasPrefix("0:")
        else { return }
        let parts = user.split(separator: ":", maxSplits: 1).map(String.init)
        var uid = Int(parts[0])
        var gid = parts.count > 1 ? Int(parts[1]) : nil
        if uid == nil || gid == nil {
            let probe = try await docker.exec(container, command: ["sh", "-c", "id -u; id -g"], user: user)
            let ids = probe.stdout.split(separator: "\n").compactMap { Int($0) }
            guard probe.exitCode == 0, ids.count == 2 else {
                throw ApplyError("cannot tell the uid of the container user '\(user)': \(probe.stderr)")
            }
            uid = uid ?? ids[0]
            gid = gid ?? ids[1]
        }
        guard let uid, let gid else { return }
        try await offPool {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/chown")
            process.arguments = ["-R", "--no-dereference", "\(uid):\(gid)", path]
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw ApplyError("could not give the workspace \(path) to uid \(uid)")
            }
        }
    }

    /// A container with our name exists: ours with the same spec is adopted; ours with another spec is
    /// recreated; anything else is left alone and reported.
    private func adopt(name: String, gitspace: String, spec: ResolvedSpec, template: ContainerSpec) async throws -> String {
        guard let existing = try await docker.inspect(name) else {
            return try await docker.create(name: name, spec: template)
        }
        let labels = existing.config.labels
        guard labels[ContainerIdentity.instanceLabel] == instance, labels[ContainerIdentity.nameLabel] == gitspace else {
            let owner = labels[ContainerIdentity.instanceLabel].map { "instance '\($0)'" } ?? "nobody (no gitspaces labels)"
            throw ApplyError(
                "a container named \(name) already exists and belongs to \(owner): remove or rename it, "
                    + "or run with the --instance that owns it")
        }
        if ContainerIdentity.specHash(fromLabels: labels) == spec.hash { return existing.id }
        try await docker.remove(existing.id, force: true)
        return try await docker.create(name: name, spec: template)
    }

    private func ensureImage(_ image: String) async throws {
        if try await docker.inspectImage(image) != nil { return }
        do {
            try await docker.pullImage(image)
        } catch let error as EngineError {
            throw ApplyError("image \(image) is not on the engine and could not be pulled: \(error.message)")
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? EngineError { return error.message.isEmpty ? "\(error)" : "\(error.operation): \(error.message)" }
        return "\(error)"
    }
}

/// An action could not be applied, and why.
public struct ApplyError: Error, Sendable, CustomStringConvertible {
    /// What failed; any URL's credentials in it are masked.
    public var message: String

    public init(_ message: String) { self.message = Redact.text(message) }

    public var description: String { message }
}
