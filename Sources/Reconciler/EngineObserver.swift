public import DockerEngine
public import GitspacesCore

/// A managed container as seen by one list call.
public struct ManagedContainer: Sendable, Hashable {
    public var id: String
    public var name: String
    public var running: Bool
    /// The state word of the engine: created, running, exited, paused…
    public var state: String
    public var specHash: String?
    public var commit: String?
}

/// What exists on the engine for one instance.
public struct Observation: Sendable {
    public var gitspaces: [ObservedGitspace]
    /// By Gitspace name.
    public var containers: [String: ManagedContainer]
}

/// Observes every managed container of an instance in one list call; in-place values come from the
/// applied records, never from an inspect per container (only a running container whose postStartCommand
/// ran is inspected, for its start time).
public struct EngineObserver: Sendable {
    public let docker: DockerClient
    public let instance: String
    public let records: AppliedRecords
    /// Lifecycle markers: hooks still to run on a running container show as its `lifecycle` field.
    public let lifecycle: LifecycleRecords?

    public init(docker: DockerClient, instance: String, records: AppliedRecords, lifecycle: LifecycleRecords? = nil) {
        self.docker = docker
        self.instance = instance
        self.records = records
        self.lifecycle = lifecycle
    }

    public func observe() async throws -> Observation {
        let summaries = try await docker.list(labels: [ContainerIdentity.instanceLabel: instance], all: true)
        let applied = records.readAll()
        let markers = lifecycle?.readAll() ?? [:]
        var gitspaces: [ObservedGitspace] = []
        var containers: [String: ManagedContainer] = [:]
        for summary in summaries {
            guard let name = summary.labels[ContainerIdentity.nameLabel],
                var spec = ContainerIdentity.decode(summary.labels[ContainerIdentity.specLabel])
            else { continue }
            if let record = applied[name], record.containerID == summary.id {
                spec.hardware.cpus = record.cpus
                spec.hardware.memory = record.memory
                spec.branch = record.branch
                if let disk = record.disk { spec.hardware.disk = disk }
            }
            let running = summary.state == "running" || summary.state == "restarting"
            spec.lifecycle = nil
            if running, var marker = markers[name], marker.containerID == summary.id {
                // A start the engine made by itself shows only in the container's start time: inspect the few
                // containers whose postStartCommand could be due again because of one.
                if marker.watchesStarts, let details = try await docker.inspect(summary.id) {
                    marker = marker.seen(startedAt: details.state.startedAt)
                }
                spec.lifecycle = marker.summary
            }
            let commit = summary.labels[ContainerIdentity.commitLabel]
            gitspaces.append(ObservedGitspace(name: name, spec: spec, running: running, commit: commit))
            containers[name] = ManagedContainer(
                id: summary.id, name: name, running: running, state: summary.state,
                specHash: ContainerIdentity.specHash(fromLabels: summary.labels), commit: commit)
        }
        return Observation(gitspaces: gitspaces, containers: containers)
    }
}
