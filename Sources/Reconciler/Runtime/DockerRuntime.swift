package import DockerEngine

/// The Docker Engine behind `ContainerRuntime`: one engine, workspaces bind-mounted from the host.
package struct DockerRuntime: ContainerRuntime {
    package let docker: DockerClient

    package init(_ docker: DockerClient) { self.docker = docker }

    package func containers(labelled labels: [String: String?]) async throws -> [ContainerSummary] {
        try await docker.list(labels: labels, all: true)
    }

    package func container(_ idOrName: String) async throws -> ContainerDetails? { try await docker.inspect(idOrName) }

    package func createContainer(named name: String, spec: ContainerSpec) async throws -> String {
        try await docker.create(name: name, spec: spec)
    }

    package func startContainer(_ id: String) async throws { try await docker.start(id) }

    package func stopContainer(_ id: String, timeout: Int) async throws { try await docker.stop(id, timeout: timeout) }

    package func setLimits(of id: String, nanoCPUs: Int64, memory: Int64) async throws {
        try await docker.update(id, nanoCPUs: nanoCPUs, memory: memory, memorySwap: memory)
    }

    package func removeContainer(_ id: String, withVolumes: Bool) async throws {
        try await docker.remove(id, force: true, volumes: withVolumes)
    }

    package func run(
        _ command: [String], in container: String, user: String?, workingDir: String?, env: [String],
        output: (@Sendable (OutputChunk) -> Void)?
    ) async throws -> ExecResult {
        try await docker.exec(container, command: command, user: user, workingDir: workingDir, env: env, output: output)
    }

    package func putArchive(_ tar: [UInt8], into container: String, at path: String) async throws {
        try await docker.putArchive(container, path: path, tar: tar)
    }

    package func image(_ reference: String) async throws -> ImageDetails? { try await docker.inspectImage(reference) }

    package func pullImage(_ reference: String) async throws { try await docker.pullImage(reference) }

    package func buildImage(
        context: BuildContext, tag: String, dockerfile: String, buildArgs: [String: String], target: String?,
        labels: [String: String], output: (@Sendable (String) -> Void)?
    ) async throws {
        try await docker.buildImage(
            context: context, tag: tag, dockerfile: dockerfile, buildArgs: buildArgs, target: target, labels: labels,
            output: output)
    }

    package func volumes(labelled labels: [String: String?]) async throws -> [VolumeDetails] {
        try await docker.listVolumes(labels: labels)
    }

    package func volume(_ name: String) async throws -> VolumeDetails? { try await docker.inspectVolume(name) }

    package func createVolume(named name: String, labels: [String: String]) async throws -> VolumeDetails {
        try await docker.createVolume(name: name, labels: labels)
    }

    package func removeVolume(_ name: String) async throws { _ = try await docker.removeVolume(name) }

    package func workspaceMount(hostPath: String, target: String, ownFilesystem: Bool)
        -> ContainerTemplate.WorkspaceMount
    {
        ContainerTemplate.WorkspaceMount(host: hostPath, target: target, ownFilesystem: ownFilesystem)
    }
}
