package import DockerEngine
package import GitspacesCore
import Shared

/// A managed container as seen by one list call.
package struct ManagedContainer: Sendable, Hashable {
    package var id: String
    package var name: String
    package var running: Bool
    /// The state word of the engine: created, running, exited, paused…
    package var state: String
    package var specHash: String?
    package var commit: String?

    package init(
        id: String, name: String, running: Bool, state: String, specHash: String? = nil, commit: String? = nil
    ) {
        self.id = id
        self.name = name
        self.running = running
        self.state = state
        self.specHash = specHash
        self.commit = commit
    }
}

/// What exists on the engine for one instance.
package struct Observation: Sendable {
    package var gitspaces: [ObservedGitspace]
    /// By Gitspace name.
    package var containers: [String: ManagedContainer]
    /// The dotfiles records of the observed containers, by Gitspace name.
    package var dotfiles: [String: DotfilesRecord] = [:]

    package init(gitspaces: [ObservedGitspace], containers: [String: ManagedContainer]) {
        self.gitspaces = gitspaces
        self.containers = containers
    }
}

/// Observes every managed container of an instance in one list call; in-place values come from the
/// applied records, never from an inspect per container (only a running container whose postStartCommand
/// ran is inspected, for its start time).
package struct EngineObserver: Sendable {
    /// The runtime the containers run on.
    package let runtime: any ContainerRuntime
    package let instance: String
    package let records: AppliedRecords
    /// Lifecycle markers: hooks still to run on a running container show as its `lifecycle` field.
    package let lifecycle: LifecycleRecords?

    /// An observer of the Docker Engine `docker` talks to.
    package init(docker: DockerClient, instance: String, records: AppliedRecords, lifecycle: LifecycleRecords? = nil) {
        self.init(runtime: DockerRuntime(docker), instance: instance, records: records, lifecycle: lifecycle)
    }

    /// An observer of `layout`'s instance with its applied and lifecycle records, as a reconcile pass lists it.
    package init(runtime: any ContainerRuntime, layout: StateLayout) {
        self.init(
            runtime: runtime, instance: layout.instance, records: AppliedRecords(layout: layout),
            lifecycle: LifecycleRecords(layout: layout))
    }

    package init(
        runtime: any ContainerRuntime, instance: String, records: AppliedRecords, lifecycle: LifecycleRecords? = nil
    ) {
        self.runtime = runtime
        self.instance = instance
        self.records = records
        self.lifecycle = lifecycle
    }

    package func observe() async throws -> Observation {
        // The records are read while the engine lists (the state lock keeps writers out either way).
        async let stored = BlockingWork.run { [records, lifecycle] in
            (records.readAll(), lifecycle?.readAll() ?? [:], DotfilesRecords(layout: records.layout).readAll())
        }
        let summaries = try await runtime.containers(labelled: [ContainerIdentity.instanceLabel: instance])
        let (applied, markers, dotfiles) = await stored
        // Gitspaces of one repository, owner, hardware and configuration carry the same spec label: each text is
        // decoded and hashed once.
        var labels: [String: (spec: ResolvedSpec, hash: String)] = [:]
        var dotfilesSeen: [String: DotfilesRecord] = [:]
        var gitspaces: [ObservedGitspace] = []
        var containers: [String: ManagedContainer] = [:]
        for summary in summaries {
            guard let name = summary.labels[ContainerIdentity.nameLabel],
                let text = summary.labels[ContainerIdentity.specLabel],
                let (labelled, specHash) = labels[text] ?? ContainerIdentity.decode(text).map({ ($0, $0.hash) })
            else { continue }
            labels[text] = (labelled, specHash)
            var spec = labelled
            if let record = applied[name], record.containerID == summary.id {
                spec.hardware.cpus = record.cpus
                spec.hardware.memory = record.memory
                spec.branch = record.branch
                if let disk = record.disk { spec.hardware.disk = disk }
            }
            if let record = dotfiles[name], record.containerID == summary.id {
                spec.dotfiles = record.wanted
                dotfilesSeen[name] = record
            }
            let running = summary.state == "running" || summary.state == "restarting"
            spec.lifecycle = nil
            if running, var marker = markers[name], marker.containerID == summary.id {
                // A start the engine made by itself shows only in the container's start time: inspect the few
                // containers whose postStartCommand could be due again because of one.
                if marker.watchesStarts, let details = try await runtime.container(summary.id) {
                    marker = marker.seen(startedAt: details.state.startedAt)
                }
                spec.lifecycle = marker.summary
            }
            let commit = summary.labels[ContainerIdentity.commitLabel]
            gitspaces.append(ObservedGitspace(name: name, spec: spec, running: running, commit: commit))
            containers[name] = ManagedContainer(
                id: summary.id, name: name, running: running, state: summary.state,
                // What `ContainerIdentity.specHash(fromLabels:)` recomputes, without decoding the label again.
                specHash: specHash, commit: commit)
        }
        var observation = Observation(gitspaces: gitspaces, containers: containers)
        observation.dotfiles = dotfilesSeen
        return observation
    }
}
