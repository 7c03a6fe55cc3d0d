import DockerEngine
import Foundation
import GitspacesTestSupport
import Testing

/// Labels every container and image of this test process carries, so leftovers can be found and removed.
enum TestRun {
    static let labelKey = "dev.gitspaces.test-run"
    static let id = UUID().uuidString.lowercased()
}

/// One test's engine objects: a client, a per-test label, and cleanup of everything carrying it.
///
/// ```swift
/// try await withDockerTestScope { docker, scope in
///     let id = try await docker.create(name: scope.name("web"), spec: scope.spec(cmd: ["sleep", "60"]))
/// }
/// ```
final class DockerTestScope: Sendable {
    static let caseLabelKey = "dev.gitspaces.test-case"
    let caseID = UUID().uuidString.lowercased()
    let imagesToRemove = ImageList()

    /// The labels every object of this test carries.
    var labels: [String: String] {
        [TestRun.labelKey: TestRun.id, Self.caseLabelKey: caseID]
    }

    /// A unique container or image name, readable in `docker ps`.
    func name(_ base: String) -> String {
        "gitspaces-test-\(base)-\(caseID.prefix(8))"
    }

    /// A busybox container spec carrying this test's labels.
    func spec(
        cmd: [String], env: [String] = [], tty: Bool = false, extraLabels: [String: String] = [:],
        hostConfig: HostConfig = HostConfig(initProcess: true)
    ) -> ContainerSpec {
        ContainerSpec(
            image: BusyboxImage.reference, cmd: cmd, env: env, labels: labels.merging(extraLabels) { _, new in new },
            tty: tty, hostConfig: hostConfig)
    }

    /// Removes this test's containers (forced, with their volumes) and the images it registered.
    func cleanup(_ docker: DockerClient) async {
        if let containers = try? await docker.list(labels: [Self.caseLabelKey: caseID]) {
            for container in containers {
                _ = try? await docker.remove(container.id, force: true, volumes: true)
            }
        }
        // Without pruning: an untagged parent layer may be the build cache another test is building on.
        for image in await imagesToRemove.all {
            _ = try? await docker.removeImage(image, force: true, prune: false)
        }
        // Images built with this test's labels whose names the test never learnt (a build that failed late).
        if let images = try? await docker.listImages(labels: [Self.caseLabelKey: caseID]) {
            for image in images {
                _ = try? await docker.removeImage(image.id, force: true, prune: false)
            }
        }
    }

    actor ImageList {
        private(set) var all: [String] = []

        func add(_ reference: String) {
            all.append(reference)
        }
    }
}

/// Runs `body` with a fresh client and scope; cleans up and shuts the client down whether `body` throws or not.
func withDockerTestScope(
    directCalls: Bool = false, _ body: (DockerClient, DockerTestScope) async throws -> Void
) async throws {
    let docker = try DockerClient(directCalls: directCalls)
    let scope = DockerTestScope()
    do {
        try await body(docker, scope)
    } catch {
        await scope.cleanup(docker)
        try? await docker.shutdown()
        throw error
    }
    await scope.cleanup(docker)
    try await docker.shutdown()
}
