import DockerEngine
import Foundation
import GitspacesCore
import GitspacesTestSupport
import Reconciler
import Testing

/// One test's world: a source repository whose devcontainer.json names the busybox test image,
/// a state directory, and an instance of its own (the per-run label), all removed at the end.
final class Harness: Sendable {
    let id = String(UUID().uuidString.lowercased().prefix(8))
    let folder: TemporaryDirectory
    let source: GitFixture
    let docker: DockerClient

    var instance: String { "test-\(id)" }
    var stateDirectory: String { folder.appending("state") }
    var records: AppliedRecords { AppliedRecords(stateDirectory: stateDirectory, instance: instance) }
    var workspaces: WorkspaceStore { WorkspaceStore(stateDirectory: stateDirectory, instance: instance) }

    /// A Gitspace name unique to this test (container names are global on the engine).
    func name(_ base: String) -> String { "\(base)-\(id)" }

    init() async throws {
        try await BusyboxImage.ensure()
        folder = try TemporaryDirectory()
        source = try GitFixture(at: folder.appending("source"))
        try source.write(".devcontainer/devcontainer.json", "{\"image\": \"\(BusyboxImage.reference)\", /* jsonc */}\n")
        try source.commit("source")
        docker = try DockerClient()
    }

    /// Removes every container of this instance and any container named after this test, their volumes, then the
    /// folder.
    func cleanup() async {
        if let containers = try? await docker.list(labels: [ContainerIdentity.instanceLabel: instance]) {
            for container in containers { _ = try? await docker.remove(container.id, force: true, volumes: true) }
        }
        if let all = try? await docker.list() {
            for container in all where container.names.contains(where: { $0.hasSuffix(id) }) {
                _ = try? await docker.remove(container.id, force: true, volumes: true)
            }
        }
        // The Gitspaces' named volumes, and volumes a test made itself under its instance's `test.run` label.
        for labels in [[ContainerIdentity.instanceLabel: instance], ["test.run": instance]] as [[String: String?]] {
            for volume in (try? await docker.listVolumes(labels: labels)) ?? [] {
                _ = try? await docker.removeVolume(volume.name, force: true)
            }
        }
        try? await docker.shutdown()
        folder.remove()
    }

    /// A Gitspace manifest for the test's source repository.
    func gitspace(_ base: String, extra: String = "") -> String {
        """
        apiVersion: gitspaces/v1
        kind: Gitspace
        metadata: {name: \(name(base))}
        spec:
          repo: \(source.url)
          hardware: {cpus: 0.5, memory: 64Mi}
        \(extra)
        """
    }

    func desired(_ documents: [String]) throws -> DesiredState {
        try ManifestLoader.load([SourceFile(path: "test.yaml", text: documents.joined(separator: "\n---\n"))])
    }

    /// One pass: plan the documents against the engine and apply the plan.
    @discardableResult
    func apply(
        _ documents: [String], allowMassDelete: Bool = false, clock: @escaping @Sendable () -> Date = { Date() }
    ) async throws -> (Plan, [ActionOutcome]) {
        let reconciliation = try await Reconciliation.prepare(
            desired: try desired(documents), runtime: DockerRuntime(docker), instance: instance,
            stateDirectory: stateDirectory,
            allowMassDelete: allowMassDelete)
        let executor = ApplyExecutor(
            docker: docker, instance: instance, records: records, commit: "c0ffee",
            unresolved: reconciliation.unresolved, sources: reconciliation.sources, workspaces: workspaces,
            clock: clock)
        let outcomes = await executor.apply(reconciliation.plan, observation: reconciliation.observation)
        return (reconciliation.plan, outcomes)
    }

    func plan(_ documents: [String]) async throws -> Plan {
        try await prepare(documents).plan
    }

    func prepare(_ documents: [String]) async throws -> Reconciliation {
        try await Reconciliation.prepare(
            desired: try desired(documents), runtime: DockerRuntime(docker), instance: instance,
            stateDirectory: stateDirectory)
    }

    /// Commits `json` as the source's .devcontainer/devcontainer.json.
    func devcontainer(_ json: String, files: [String: String] = [:]) throws {
        try source.write(".devcontainer/devcontainer.json", json)
        for (path, text) in files { try source.write(path, text) }
        _ = try source.commit("devcontainer.json")
    }

    /// Runs a shell command in the Gitspace's container; its standard output.
    func shell(_ base: String, _ command: String) async throws -> String {
        try await docker.exec(ContainerIdentity.containerName(name(base)), command: ["sh", "-c", command]).stdout
    }

    func inspect(_ base: String) async throws -> ContainerDetails? {
        try await docker.inspect(ContainerIdentity.containerName(name(base)))
    }
}

/// Runs `body` with a fresh harness and always cleans up.
func withHarness(_ body: (Harness) async throws -> Void) async throws {
    let harness = try await Harness()
    do {
        try await body(harness)
    } catch {
        await harness.cleanup()
        throw error
    }
    await harness.cleanup()
}

extension [ActionOutcome] {
    var failures: [String] { compactMap { $0.error.map { "\($0)" } } }
}
