import DevContainer
import DockerEngine
import GitspacesCore
import Shared

/// The create step (also the second half of a replace).
extension ApplyExecutor {
    /// Creates (or adopts) the container, starts it when wanted, records its in-place values and runs its
    /// lifecycle hooks. Returns the notes: the image built, the ports published, the hooks run. `imagesReady`:
    /// the notes of ``ensureImages(_:image:source:)`` when a replace ran it already.
    func create(_ action: PlanAction, reusingPorts reuse: [String: Int] = [:], imagesReady: [String]? = nil)
        async throws -> [String]
    {
        guard let spec = action.spec else { throw ApplyError(.unresolved, "no spec to create \(action.name) from") }
        if let reason = unresolved[action.name] { throw ApplyError(.unresolved, reason) }
        guard let image = spec.image, !image.isEmpty else {
            throw ApplyError(.unresolved, "no image resolved for \(action.name)")
        }
        let name = ContainerIdentity.containerName(action.name)
        let source = sources[action.name]
        let setup = source?.setup
        var notes: [String] = []
        var workspace: ContainerTemplate.WorkspaceMount?
        let placement = try await place(action.name, spec: spec)
        if placement.nodeID != nil { notes.append("placed on \(placement)") }
        if let workspaces, let source, runtime.nodeWorkspaces == nil {
            let host = try await BlockingWork.run { () throws -> String in
                try workspaces.prepare(
                    name: action.name, mirror: source.mirror, repo: spec.repo, branch: source.branch,
                    disk: spec.hardware.disk?.bytes)
            }
            let target =
                setup?.resolution.resolved.workspaceMount.target ?? WorkspaceStore.mountTarget(forRepo: spec.repo)
            workspace = runtime.workspaceMount(
                hostPath: host, target: target, ownFilesystem: workspaces.hasOwnFilesystem(action.name))
        }
        if let imagesReady {
            notes += imagesReady
        } else {
            notes += try await ensureImages(action.name, image: image, source: source)
        }
        if let nodeWorkspaces = runtime.nodeWorkspaces, workspaces != nil, let source {
            let prepared = try await prepareNodeWorkspace(
                action.name, spec: spec, source: source, image: image, on: placement, volumes: nodeWorkspaces)
            workspace = prepared.mount
            notes += prepared.note.map { [$0] } ?? []
        }
        var devcontainer = setup?.resolution.resolved
        let imageConfig = try await images.details(image, on: runtime)?.config
        if let setup, let source, let label = imageConfig?.labels[ImageMetadata.labelName] {
            devcontainer = try setup.resolvedAgain(source: source, imageLabel: label).get().resolution.resolved
        }
        let published = try await ports.allocate(
            devcontainer.map(PortRequest.requests(of:)) ?? [], reuse: reuse, seed: action.name)
        let shared = setup?.policy.devcontainer.sharedVolumes ?? []
        let volumes =
            devcontainer.map {
                GitspaceVolumes.claims(of: $0, gitspace: action.name, instance: instance, shared: shared)
            } ?? []
        try await GitspaceVolumes.ensure(volumes, gitspace: action.name, runtime: runtime)
        let template = ContainerTemplate.spec(
            name: action.name, instance: instance, resolved: spec, image: image, commit: commit, workspace: workspace,
            devcontainer: devcontainer, ports: published, volumes: volumes,
            imageCommand: (imageConfig?.entrypoint ?? []) + (imageConfig?.cmd ?? []))
        let id: String
        do {
            id = try await runtime.createContainer(named: name, spec: template, on: placement)
        } catch let error as EngineError where error.code == .conflict {
            id = try await adopt(name: name, gitspace: action.name, spec: spec, template: template)
        }
        // The new container's labels hold its values; an older record would be stale.
        if !published.isEmpty { notes.append("ports " + published.map(\.description).joined(separator: ", ")) }
        let marker = devcontainer.flatMap { Self.lifecycleRecord(containerID: id, devcontainer: $0) }
        try await BlockingWork.run { [records, lifecycle] in
            records.remove(action.name)
            if lifecycle.read(action.name)?.containerID != id {
                lifecycle.remove(action.name)
                if let marker { try lifecycle.write(marker, for: action.name) }
            }
        }
        try await recordDotfiles(action.name, containerID: id, wanted: spec.dotfiles)
        if action.running {
            try markStarting(action.name, containerID: id)
            try await runtime.startContainer(id)
            if let workspace {
                // Without a user in devcontainer.json the container runs as its image's user: no inspect needed.
                try await giveWorkspace(
                    workspace.host, toUserOf: id,
                    user: devcontainer?.remoteUser ?? devcontainer?.containerUser ?? imageConfig?.user,
                    inContainerAt: workspace.isVolume ? workspace.target : nil)
            }
            if let setup, let source, let devcontainer, !devcontainer.pendingContainerEnv.isEmpty {
                try await resolveContainerEnv(action.name, containerID: id, setup: setup, source: source)
            }
            if let ran = try await runPendingSetup(action.name, containerID: id, starting: false) { notes.append(ran) }
        }
        return notes
    }

    /// Finishes `${containerEnv:…}` in the hooks' environment and commands now that the container runs.
    func resolveContainerEnv(_ name: String, containerID: String, setup: DevContainerSetup, source: ResolvedSource)
        async throws
    {
        guard let details = try await runtime.container(containerID), var record = lifecycle.read(name) else { return }
        var environment: [String: String] = [:]
        for entry in details.config.env {
            let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            environment[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        let label = try await runtime.image(details.imageID)?.config.labels[ImageMetadata.labelName]
        let resolved = try setup.resolvedAgain(source: source, imageLabel: label, containerEnv: environment).get()
        guard let fresh = Self.lifecycleRecord(containerID: containerID, devcontainer: resolved.resolution.resolved)
        else { return }
        record.env = fresh.env
        record.hooks = fresh.hooks
        try lifecycle.write(record, for: name)
    }

    /// Makes the workspace's files belong to the container's user, so that git inside the container works
    /// without `safe.directory`. Root images need nothing; a user name is resolved inside the container.
    /// A workspace in a volume on a node (`inContainerAt`: where the container mounts it) is given from inside the
    /// container, as root.
    func giveWorkspace(_ path: String, toUserOf container: String, user: String? = nil, inContainerAt target: String?)
        async throws
    {
        var configured = user
        if configured == nil { configured = try await runtime.container(container)?.config.user }
        guard let user = configured, !user.isEmpty, user != "root", user != "0",
            !user.hasPrefix("0:")
        else { return }
        let parts = user.split(separator: ":", maxSplits: 1).map(String.init)
        var uid = Int(parts[0])
        var gid = parts.count > 1 ? Int(parts[1]) : nil
        if uid == nil || gid == nil {
            let probe = try await runtime.run(["sh", "-c", "id -u; id -g"], in: container, user: user)
            let ids = probe.stdout.split(separator: "\n").compactMap { Int($0) }
            guard probe.exitCode == 0, ids.count == 2 else {
                throw ApplyError(.workspace, "cannot tell the uid of the container user '\(user)': \(probe.stderr)")
            }
            uid = uid ?? ids[0]
            gid = gid ?? ids[1]
        }
        guard let uid, let gid else { return }
        if let target {
            try await giveNodeWorkspace(target, in: container, uid: uid, gid: gid)
            return
        }
        try await BlockingWork.run {
            do {
                try ProcessRunner.run(
                    "/bin/chown", ["-R", "--no-dereference", "\(uid):\(gid)", path], failing: "chown of \(path)")
            } catch {
                throw ApplyError(.workspace, "could not give the workspace \(path) to uid \(uid)", cause: error)
            }
        }
    }

    /// A container with our name exists: ours with the same spec is adopted; ours with another spec is
    /// recreated; anything else is left alone and reported.
    func adopt(name: String, gitspace: String, spec: ResolvedSpec, template: ContainerSpec) async throws -> String {
        guard let existing = try await runtime.container(name) else {
            return try await runtime.createContainer(named: name, spec: template)
        }
        let labels = existing.config.labels
        guard labels[ContainerIdentity.instanceLabel] == instance, labels[ContainerIdentity.nameLabel] == gitspace
        else {
            let owner =
                labels[ContainerIdentity.instanceLabel].map { "instance '\($0)'" } ?? "nobody (no gitspaces labels)"
            throw ApplyError(
                .foreignContainer,
                "a container named \(name) already exists and belongs to \(owner): remove or rename it, "
                    + "or run with the --instance that owns it")
        }
        if ContainerIdentity.specHash(fromLabels: labels) == spec.hash { return existing.id }
        try await runtime.removeContainer(existing.id, withVolumes: false)
        return try await runtime.createContainer(named: name, spec: template)
    }

    func ensureImage(_ image: String) async throws {
        if try await images.details(image, on: runtime) != nil { return }
        do {
            try await runtime.pullImage(image)
        } catch let error as EngineError {
            throw ApplyError(
                .image, "image \(image) is not on the engine and could not be pulled: \(error.message)", cause: error)
        }
    }
}
