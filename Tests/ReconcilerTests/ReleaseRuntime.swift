import DockerEngine
import Foundation
import Reconciler

/// The real engine as another gitspaces release writes to it: every call goes to `DockerRuntime`, but containers
/// are created with the writer-version label that release puts on them (nil: none, as 0.1.0 and older). It also
/// counts the image and container lookups a pass makes (`lookups`).
struct ReleaseRuntime: ContainerRuntime {
    let engine: DockerRuntime
    let writerVersion: String?
    let lookups = Lookups()

    /// How many times the runtime was asked about an image and about a container.
    final class Lookups: @unchecked Sendable {
        private let lock = NSLock()
        private var counts: (images: Int, containers: Int) = (0, 0)

        var images: Int { lock.withLock { counts.images } }
        var containers: Int { lock.withLock { counts.containers } }

        func count(image: Bool) { lock.withLock { if image { counts.images += 1 } else { counts.containers += 1 } } }
    }

    init(_ docker: DockerClient, writerVersion: String?) {
        engine = DockerRuntime(docker)
        self.writerVersion = writerVersion
    }

    func createContainer(named name: String, spec: ContainerSpec) async throws -> String {
        var spec = spec
        spec.labels[ContainerIdentity.writerVersionLabel] = writerVersion
        return try await engine.createContainer(named: name, spec: spec)
    }

    func containers(labelled labels: [String: String?]) async throws -> [ContainerSummary] {
        try await engine.containers(labelled: labels)
    }
    func container(_ idOrName: String) async throws -> ContainerDetails? {
        lookups.count(image: false)
        return try await engine.container(idOrName)
    }
    func startContainer(_ id: String) async throws { try await engine.startContainer(id) }
    func stopContainer(_ id: String, timeout: Int) async throws { try await engine.stopContainer(id, timeout: timeout) }
    func setLimits(of id: String, nanoCPUs: Int64, memory: Int64) async throws {
        try await engine.setLimits(of: id, nanoCPUs: nanoCPUs, memory: memory)
    }
    func removeContainer(_ id: String, withVolumes: Bool) async throws {
        try await engine.removeContainer(id, withVolumes: withVolumes)
    }
    func run(
        _ command: [String], in container: String, user: String?, workingDir: String?, env: [String],
        output: (@Sendable (OutputChunk) -> Void)?
    ) async throws -> ExecResult {
        try await engine.run(command, in: container, user: user, workingDir: workingDir, env: env, output: output)
    }
    func image(_ reference: String) async throws -> ImageDetails? {
        lookups.count(image: true)
        return try await engine.image(reference)
    }
    func pullImage(_ reference: String) async throws { try await engine.pullImage(reference) }
    func buildImage(
        context: BuildContext, tag: String, dockerfile: String, buildArgs: [String: String], target: String?,
        labels: [String: String], output: (@Sendable (String) -> Void)?
    ) async throws {
        try await engine.buildImage(
            context: context, tag: tag, dockerfile: dockerfile, buildArgs: buildArgs, target: target, labels: labels,
            output: output)
    }
    func volumes(labelled labels: [String: String?]) async throws -> [VolumeDetails] {
        try await engine.volumes(labelled: labels)
    }
    func volume(_ name: String) async throws -> VolumeDetails? { try await engine.volume(name) }
    func createVolume(named name: String, labels: [String: String]) async throws -> VolumeDetails {
        try await engine.createVolume(named: name, labels: labels)
    }
    func removeVolume(_ name: String) async throws { try await engine.removeVolume(name) }
    func workspaceMount(hostPath: String, target: String, ownFilesystem: Bool) -> ContainerTemplate.WorkspaceMount {
        engine.workspaceMount(hostPath: hostPath, target: target, ownFilesystem: ownFilesystem)
    }
}
