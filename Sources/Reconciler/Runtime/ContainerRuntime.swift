package import DockerEngine
package import GitspacesCore

/// What observe and apply need from the engine that runs Gitspace containers: the one seam between the
/// reconciler and a runtime. Docker Engine implements it today (`DockerRuntime`); another backend (Swarm) is a
/// second conformance. The planner knows nothing of it.
///
/// The values it speaks in (container and image details, a container spec) are the engine's model for now; names
/// say what a call means, not which engine endpoint serves it. Errors are the runtime's own (`EngineError` for
/// Docker Engine).
package protocol ContainerRuntime: Sendable {
    /// Every container carrying `labels` (a nil value: the label with any value), stopped ones too.
    func containers(labelled labels: [String: String?]) async throws -> [ContainerSummary]
    /// One container's details; nil when there is none with that id or name.
    func container(_ idOrName: String) async throws -> ContainerDetails?
    /// Creates a container; returns its id. Throws the runtime's conflict when the name is taken.
    func createContainer(named name: String, spec: ContainerSpec) async throws -> String
    func startContainer(_ id: String) async throws
    /// Stops a container, killing it after `timeout` seconds.
    func stopContainer(_ id: String, timeout: Int) async throws
    /// Changes the CPU and memory limits of a container in place.
    func setLimits(of id: String, nanoCPUs: Int64, memory: Int64) async throws
    /// Removes a container (running or not); its anonymous volumes go with it when `withVolumes`.
    func removeContainer(_ id: String, withVolumes: Bool) async throws
    /// Runs a command in a running container (a lifecycle hook, a probe), streaming its output.
    func run(
        _ command: [String], in container: String, user: String?, workingDir: String?, env: [String],
        output: (@Sendable (OutputChunk) -> Void)?
    ) async throws -> ExecResult
    /// Extracts a tar archive into the folder `path` of a container (the dotfiles into a home), on the engine that
    /// runs it: no host path is shared with the container.
    func putArchive(_ tar: [UInt8], into container: String, at path: String) async throws

    /// One image's details; nil when the runtime does not have it.
    func image(_ reference: String) async throws -> ImageDetails?
    /// Makes an image available by pulling it from its registry.
    func pullImage(_ reference: String) async throws
    /// Builds an image from a context, streaming the build's output.
    func buildImage(
        context: BuildContext, tag: String, dockerfile: String, buildArgs: [String: String], target: String?,
        labels: [String: String], output: (@Sendable (String) -> Void)?
    ) async throws

    /// Every volume carrying `labels` (a nil value: the label with any value).
    func volumes(labelled labels: [String: String?]) async throws -> [VolumeDetails]
    /// One volume's details; nil when there is none.
    func volume(_ name: String) async throws -> VolumeDetails?
    func createVolume(named name: String, labels: [String: String]) async throws -> VolumeDetails
    func removeVolume(_ name: String) async throws

    /// Where a Gitspace's workspace lives for its container, given where the reconciler prepared it: a bind mount
    /// of the host folder on a single engine.
    func workspaceMount(hostPath: String, target: String, ownFilesystem: Bool) -> ContainerTemplate.WorkspaceMount

    /// The CPU time a running container has used so far, for idle detection; nil when the runtime cannot tell.
    func cpuUsage(of id: String) async throws -> CPUUsage?
    /// Where a new Gitspace's container goes, chosen before its images, volumes and workspace (`.thisEngine` on one
    /// engine). A Gitspace that already has a home (a pinned service, a workspace volume) stays there; `ledger`
    /// holds this pass's other placements.
    ///
    /// - Throws: the runtime's refusal when nothing fits (`SwarmPlacementError`: the Gitspace is Pending).
    func place(_ gitspace: String, instance: String, request: PlacementAmount, ledger: PlacementLedger)
        async throws -> RuntimePlacement
    /// Creates a container where `placement` says.
    func createContainer(named name: String, spec: ContainerSpec, on placement: RuntimePlacement) async throws -> String
    /// The node volumes workspaces live in; nil when workspaces are host folders bind-mounted (one engine).
    var nodeWorkspaces: NodeWorkspaces? { get }
}

extension ContainerRuntime {
    func run(_ command: [String], in container: String, user: String? = nil) async throws -> ExecResult {
        try await run(command, in: container, user: user, workingDir: nil, env: [], output: nil)
    }
}
