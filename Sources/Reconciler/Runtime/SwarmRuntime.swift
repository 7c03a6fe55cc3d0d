package import DockerEngine
import Foundation
package import GitspacesCore

/// A Docker Swarm behind `ContainerRuntime`: each Gitspace container is a one-replica service `gitspace-<name>`
/// (the same labels on the service and its task's container; `replicas: 0` while stopped), its `Reservations` =
/// `Limits` = the hardware, pinned with `node.id==…` to the node placement chose, replaced `stop-first`.
///
/// The manager answers for services, nodes and tasks; everything that needs a container (exec, inspect, hooks) goes
/// to the node's own engine, at its `dev.gitspaces.engine` label, since a manager cannot exec on another node.
/// A "container id" is the service's name; a task's own container id is accepted too (inspect returns it).
package struct SwarmRuntime: ContainerRuntime {
    /// The manager (`--docker-host`).
    package let manager: DockerClient
    package let engines: NodeEngines
    /// How long a start or stop may take to show on the task.
    package let settleTimeout: Duration
    /// `--registry HOST/NAMESPACE`: images are built once through the manager, pushed there and pulled by nodes.
    package var registry: String? = nil

    package init(manager: DockerClient, engines: NodeEngines = NodeEngines(), settleTimeout: Duration = .seconds(60)) {
        self.manager = manager
        self.engines = engines
        self.settleTimeout = settleTimeout
    }

    // MARK: Containers (services)

    package func containers(labelled labels: [String: String?]) async throws -> [ContainerSummary] {
        var result: [ContainerSummary] = []
        for service in try await manager.listServices(labels: labels) {
            let task = try await currentTask(of: service.id)
            let state = Self.containerState(service: service, task: task)
            result.append(
                ContainerSummary(
                    id: service.spec.name, names: [service.spec.name],
                    image: service.spec.taskTemplate.containerSpec.image,
                    state: state, status: task.map { "\($0.state) on node \($0.nodeID)" } ?? "no task",
                    labels: service.spec.labels))
        }
        return result
    }

    package func container(_ idOrName: String) async throws -> ContainerDetails? {
        guard let (_, task) = try await resolve(idOrName), let task, let containerID = task.containerID else {
            return nil
        }
        return try await engines.client(for: try await endpoint(ofNode: task.nodeID)).inspect(containerID)
    }

    package func createContainer(named name: String, spec: ContainerSpec) async throws -> String {
        let existing = try await manager.inspectService(name)
        let constraint: String
        if let pinned = existing?.spec.taskTemplate.constraints.first(where: { $0.hasPrefix("node.id==") }) {
            constraint = pinned
        } else {
            constraint = "node.id==\(try await place(name: name, spec: spec))"
        }
        let serviceSpec = Self.serviceSpec(name: name, spec: spec, constraint: constraint, replicas: 0)
        if let existing {
            guard existing.spec.labels[ContainerIdentity.nameLabel] == spec.labels[ContainerIdentity.nameLabel],
                existing.spec.labels[ContainerIdentity.instanceLabel] == spec.labels[ContainerIdentity.instanceLabel]
            else {
                throw EngineError(
                    .conflict, message: "a service named \(name) exists and is not this Gitspace's",
                    operation: "service create \(name)")
            }
            try await manager.updateService(existing.id, version: existing.version, spec: serviceSpec)
        } else {
            _ = try await manager.createService(serviceSpec)
        }
        return name
    }

    package func startContainer(_ id: String) async throws {
        if let (service, _) = try await resolve(id), let pin = Self.pinnedNode(service.spec),
            let node = try await manager.inspectNode(pin), !node.isSchedulable
        {
            // The workspace lives on that node: never start the Gitspace anywhere else.
            throw SwarmNodeDown(
                gitspace: service.spec.labels[ContainerIdentity.nameLabel] ?? service.spec.name, nodeID: node.id,
                hostname: node.hostname, state: node.state, availability: node.availability)
        }
        try await scale(id, to: 1)
    }

    package func stopContainer(_ id: String, timeout: Int) async throws {
        try await scale(id, to: 0)
    }

    package func setLimits(of id: String, nanoCPUs: Int64, memory: Int64) async throws {
        guard let (service, _) = try await resolve(id) else { throw Self.missing(id, "service update") }
        var spec = service.spec
        let amount = ServiceResources.Amount(nanoCPUs: nanoCPUs, memoryBytes: memory)
        spec.taskTemplate.resources = ServiceResources(limits: amount, reservations: amount)
        try await manager.updateService(service.id, version: service.version, spec: spec)
        guard (spec.replicas ?? 1) > 0 else { return }
        // The swarm replaces the task (stop-first) to apply new resources: wait for the new one.
        try await settle("\(spec.name) running with its new limits") {
            try await manager.listTasks(service: service.id).contains {
                $0.desiredState == "running" && $0.state == "running" && $0.resources?.limits == amount
            }
        }
    }

    package func removeContainer(_ id: String, withVolumes: Bool) async throws {
        guard let (service, task) = try await resolve(id) else { return }
        try await refuseIfNodeDown(service)
        try await manager.removeService(service.id)
        // The task's container goes asynchronously on its node; wait so a following create finds the name free.
        if let containerID = task?.containerID, let endpoint = try? await endpoint(ofNode: task?.nodeID ?? "") {
            let node = try await engines.client(for: endpoint)
            try await settle("container of \(service.spec.name) removed") {
                try await node.inspect(containerID) == nil
            }
        }
    }

    package func run(
        _ command: [String], in container: String, user: String?, workingDir: String?, env: [String],
        output: (@Sendable (OutputChunk) -> Void)?
    ) async throws -> ExecResult {
        guard let (service, task) = try await resolve(container), let task, let containerID = task.containerID,
            task.state == "running"
        else { throw Self.missing(container, "exec") }
        _ = service
        let node = try await engines.client(for: try await endpoint(ofNode: task.nodeID))
        return try await node.exec(
            containerID, command: command, user: user, workingDir: workingDir, env: env, output: output)
    }

    package func putArchive(_ tar: [UInt8], into container: String, at path: String) async throws {
        guard let (_, task) = try await resolve(container), let task, let containerID = task.containerID else {
            throw Self.missing(container, "archive put")
        }
        let node = try await engines.client(for: try await endpoint(ofNode: task.nodeID))
        try await node.putArchive(containerID, path: path, tar: tar)
    }

    // MARK: Images and volumes: on every node that can take Gitspaces

    package func image(_ reference: String) async throws -> ImageDetails? {
        var found: ImageDetails?
        for node in try await usableNodes() {
            guard let details = try await engines.client(for: node.endpoint).inspectImage(reference) else {
                return nil
            }
            found = found ?? details
        }
        return found
    }

    package func pullImage(_ reference: String) async throws {
        for node in try await usableNodes() {
            try await engines.client(for: node.endpoint).pullImage(reference)
        }
    }

    package func buildImage(
        context: BuildContext, tag: String, dockerfile: String, buildArgs: [String: String], target: String?,
        labels: [String: String], output: (@Sendable (String) -> Void)?
    ) async throws {
        if let registry {
            return try await buildThroughRegistry(
                registry, context: context, tag: tag, dockerfile: dockerfile, buildArgs: buildArgs, target: target,
                labels: labels, output: output)
        }
        for node in try await usableNodes() {
            let engine = try await engines.client(for: node.endpoint)
            if try await engine.inspectImage(tag) != nil { continue }
            try await engine.buildImage(
                context: context, tag: tag, dockerfile: dockerfile, buildArgs: buildArgs, target: target,
                labels: labels, output: output)
        }
    }

    package func volumes(labelled labels: [String: String?]) async throws -> [VolumeDetails] {
        var result: [VolumeDetails] = []
        for node in try await usableNodes() {
            result += try await engines.client(for: node.endpoint).listVolumes(labels: labels)
        }
        return result
    }

    package func volume(_ name: String) async throws -> VolumeDetails? {
        for node in try await usableNodes() {
            if let volume = try await engines.client(for: node.endpoint).inspectVolume(name) { return volume }
        }
        return nil
    }

    package func createVolume(named name: String, labels: [String: String]) async throws -> VolumeDetails {
        var created: VolumeDetails?
        for node in try await usableNodes() {
            created = try await engines.client(for: node.endpoint).createVolume(name: name, labels: labels)
        }
        guard let created else { throw Self.noNode("volume create \(name)") }
        return created
    }

    package func removeVolume(_ name: String) async throws {
        for node in try await usableNodes() {
            _ = try await engines.client(for: node.endpoint).removeVolume(name)
        }
    }

    package func workspaceMount(hostPath: String, target: String, ownFilesystem: Bool)
        -> ContainerTemplate.WorkspaceMount
    {
        ContainerTemplate.WorkspaceMount(host: hostPath, target: target, ownFilesystem: ownFilesystem)
    }

    // MARK: Placement and nodes

    /// Where a new Gitspace goes (see `Placement`): its request against every node's free reservations.
    ///
    /// - Throws: `SwarmPlacementError` (the Gitspace is Pending) when nothing fits.
    package func place(name: String, spec: ContainerSpec) async throws -> String {
        let request = PlacementAmount(
            cpus: CPUs(millis: Int(spec.hostConfig.nanoCPUs / 1_000_000)),
            memory: ByteSize(bytes: spec.hostConfig.memory))
        let outcome = Placement.choose(request, among: try await placementNodes())
        guard let node = outcome.nodeID else {
            throw SwarmPlacementError(gitspace: name, refusal: outcome.refusal, excluded: outcome.excluded)
        }
        return node
    }

    /// Every node with what is reserved on it: each service pinned to it with `node.id==…` counts while it has
    /// replicas (a Gitspace created a moment ago has no task yet), any other service by its running tasks.
    package func placementNodes() async throws -> [PlacementNode] {
        var reserved: [String: PlacementAmount] = [:]
        func add(_ amount: ServiceResources.Amount?, to node: String) {
            reserved[node, default: .zero] =
                reserved[node, default: .zero]
                + PlacementAmount(
                    cpus: CPUs(millis: Int((amount?.nanoCPUs ?? 0) / 1_000_000)),
                    memory: ByteSize(bytes: amount?.memoryBytes ?? 0))
        }
        var pinnedServices: Set<String> = []
        for service in try await manager.listServices() {
            guard let pin = Self.pinnedNode(service.spec) else { continue }
            pinnedServices.insert(service.id)
            if (service.spec.replicas ?? 1) > 0 { add(service.spec.taskTemplate.resources?.reservations, to: pin) }
        }
        for task in try await manager.listTasks()
        where task.desiredState == "running" && !task.nodeID.isEmpty && !pinnedServices.contains(task.serviceID) {
            add(task.resources?.reservations, to: task.nodeID)
        }
        return try await manager.listNodes().map { node in
            PlacementNode(
                id: node.id, hostname: node.hostname, engineEndpoint: node.labels[NodeEngines.label],
                state: node.state, availability: node.availability,
                capacity: PlacementAmount(
                    cpus: CPUs(millis: Int(node.nanoCPUs / 1_000_000)), memory: ByteSize(bytes: node.memoryBytes)),
                reserved: reserved[node.id] ?? .zero)
        }
    }

    /// The node a service is pinned to by a `node.id==…` constraint.
    package static func pinnedNode(_ spec: ServiceSpec) -> String? {
        spec.taskTemplate.constraints.first { $0.hasPrefix("node.id==") }.map {
            String($0.dropFirst("node.id==".count))
        }
    }

    /// The engine endpoint of node `id`, from its label.
    package func endpoint(ofNode id: String) async throws -> String {
        guard let node = try await manager.inspectNode(id) else {
            throw EngineError(.notFound, message: "the swarm has no node \(id)", operation: "node inspect \(id)")
        }
        guard let endpoint = node.labels[NodeEngines.label], !endpoint.isEmpty else {
            throw EngineError(
                .invalidArgument,
                message:
                    "node \(node.hostname) (\(id)) has no \(NodeEngines.label) label: set it to the node's engine endpoint with `docker node update --label-add \(NodeEngines.label)=unix:///var/run/docker.sock \(id)`",
                operation: "node engine \(id)")
        }
        return endpoint
    }

    func usableNodes() async throws -> [(id: String, endpoint: String)] {
        try await manager.listNodes().compactMap { node in
            guard node.isSchedulable, let endpoint = node.labels[NodeEngines.label], !endpoint.isEmpty else {
                return nil
            }
            return (node.id, endpoint)
        }.sorted { $0.id < $1.id }
    }

    // MARK: Services and tasks

    /// The service `idOrName` names (a service id or name, or one of its tasks' container ids) and its current task.
    private func resolve(_ idOrName: String) async throws -> (ServiceDetails, SwarmTask?)? {
        if let service = try await manager.inspectService(idOrName) {
            return (service, try await currentTask(of: service.id))
        }
        guard let task = try await manager.listTasks().first(where: { $0.containerID == idOrName }),
            let service = try await manager.inspectService(task.serviceID)
        else { return nil }
        return (service, try await currentTask(of: service.id))
    }

    /// The task that stands for the container: the one the swarm wants running, else the newest that had one.
    private func currentTask(of serviceID: String) async throws -> SwarmTask? {
        let tasks = try await manager.listTasks(service: serviceID)
        return tasks.first { $0.desiredState == "running" } ?? tasks.first { $0.containerID != nil }
    }

    private func scale(_ id: String, to replicas: Int) async throws {
        guard let (service, _) = try await resolve(id) else { throw Self.missing(id, "service scale") }
        if service.spec.replicas != replicas {
            var spec = service.spec
            spec.replicas = replicas
            try await manager.updateService(service.id, version: service.version, spec: spec)
        }
        try await settle("\(service.spec.name) \(replicas == 0 ? "stopped" : "running")") {
            let tasks = try await manager.listTasks(service: service.id)
            if replicas == 0 {
                return !tasks.contains { ["running", "starting", "preparing", "assigned"].contains($0.state) }
            }
            if let failed = tasks.first(where: {
                $0.desiredState == "running" && ["failed", "rejected"].contains($0.state)
            }) {
                throw EngineError(
                    .server, message: "the swarm could not start \(service.spec.name): \(failed.error)",
                    operation: "service start \(service.spec.name)")
            }
            return tasks.contains { $0.desiredState == "running" && $0.state == "running" }
        }
    }

    private func settle(_ what: String, _ done: () async throws -> Bool) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: settleTimeout)
        while clock.now < deadline {
            if try await done() { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw EngineError(.timeout, message: "timed out waiting until \(what)", operation: what)
    }

    static func containerState(service: ServiceDetails, task: SwarmTask?) -> String {
        guard let task else { return "created" }
        switch task.state {
        case "running": return task.desiredState == "running" ? "running" : "exited"
        case "new", "pending", "assigned", "accepted", "preparing", "ready", "starting":
            return task.desiredState == "running" ? "created" : "exited"
        default: return "exited"
        }
    }

    /// The service for a container spec: what the single engine would run, as a one-replica service.
    package static func serviceSpec(name: String, spec: ContainerSpec, constraint: String, replicas: Int)
        -> ServiceSpec
    {
        let amount = ServiceResources.Amount(nanoCPUs: spec.hostConfig.nanoCPUs, memoryBytes: spec.hostConfig.memory)
        let mounts = spec.hostConfig.mounts.map { mount in
            ServiceContainerSpec.Mount(
                type: mount.type.rawValue, source: mount.source, target: mount.target,
                readOnly: mount.readOnly ? true : nil)
        }
        let container = ServiceContainerSpec(
            image: spec.image, labels: spec.labels, command: spec.entrypoint, args: spec.cmd, env: spec.env,
            user: spec.user, workingDirectory: spec.workingDir, hostname: spec.hostname, mounts: mounts,
            initProcess: spec.hostConfig.initProcess, tty: spec.tty ? true : nil)
        return ServiceSpec(
            name: name, labels: spec.labels,
            taskTemplate: .init(
                containerSpec: container, resources: ServiceResources(limits: amount, reservations: amount),
                restartPolicy: .init(condition: "any", delay: 1_000_000_000), constraints: [constraint]),
            replicas: replicas, updateConfig: .init(order: "stop-first"))
    }

    private static func missing(_ id: String, _ operation: String) -> EngineError {
        EngineError(.notFound, message: "no Gitspace service or task container \(id)", operation: "\(operation) \(id)")
    }

    private static func noNode(_ operation: String) -> EngineError {
        EngineError(
            .invalidArgument,
            message: "no node of the swarm is ready, active and labelled \(NodeEngines.label)",
            operation: operation)
    }
}
