import DockerEngine
import Foundation
import GitspacesTestSupport
import Testing

@Suite("image pulls from a local registry")
struct PullImageTests {
    final class Statuses: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [String] = []

        func add(_ message: ProgressMessage) {
            lock.withLock { values.append(message.status ?? "") }
        }

        var all: [String] { lock.withLock { values } }
    }

    @Test func pullFromALocalRegistryAndAMissingImageFailsWithTheEnginesMessage() async throws {
        try await BusyboxImage.ensure()
        let registry = try DockerRegistry()
        defer { registry.stop() }
        try await withDockerTestScope { docker, scope in
            let remote = "\(registry.address)/gitspaces-test/busybox:1"
            await scope.imagesToRemove.add(remote)
            try await run("docker", ["tag", BusyboxImage.reference, remote])
            try await run("docker", ["push", remote])
            #expect(try await docker.removeImage(remote))
            #expect(try await docker.inspectImage(remote) == nil)

            let statuses = Statuses()
            try await docker.pullImage(remote, progress: { statuses.add($0) })
            let pulled = try #require(try await docker.inspectImage(remote))
            #expect(pulled.repoTags.contains(remote))
            #expect(pulled.repoDigests.contains { $0.hasPrefix("\(registry.address)/gitspaces-test/busybox@sha256:") })
            #expect(pulled.id == (try await docker.inspectImage(BusyboxImage.reference))?.id)
            #expect(statuses.all.contains { $0.contains("Status: ") || $0.contains("Digest") })

            let missing = "\(registry.address)/gitspaces-test/missing:1"
            let error = try await #require(throws: EngineError.self) { try await docker.pullImage(missing) }
            #expect(error.code == .notFound)
            #expect(error.message.contains("gitspaces-test/missing"))
            #expect(error.message.contains("manifest unknown") || error.message.contains("not found"))
            #expect(try await docker.inspectImage(missing) == nil)
        }
    }

    @Test func pullFromAnUnreachableRegistryFailsWithTheEnginesMessage() async throws {
        try await withDockerTestScope { docker, _ in
            let port = try freeLoopbackPort()
            let error = try await #require(throws: EngineError.self) {
                try await docker.pullImage("127.0.0.1:\(port)/gitspaces-test/busybox:1")
            }
            #expect(error.message.contains("127.0.0.1:\(port)"))
            #expect(error.message.contains("connection refused"))
        }
    }
}

extension PullImageTests {
    /// A 200 stream that reports an error must throw: the registry serves a layer whose bytes do not match its
    /// digest, which the engine reports inside its progress stream (it does not retry verification failures).
    @Test func anErrorInsideThePullStreamThrowsTheEnginesMessage() async throws {
        try await BusyboxImage.ensure()
        let registry = try DockerRegistry()
        defer { registry.stop() }
        try await withDockerTestScope { docker, scope in
            var context = TarArchive()
            context.addFile(
                "Dockerfile", contents: "FROM \(BusyboxImage.reference)\nRUN echo \(scope.caseID) > /unique\n")
            let local = "gitspaces-test/pull-broken:\(scope.caseID.prefix(12))"
            let remote = "\(registry.address)/gitspaces-test/pull-broken:1"
            await scope.imagesToRemove.add(local)
            await scope.imagesToRemove.add(remote)
            try await docker.buildImage(context: .tar(context.bytes), tag: local, labels: scope.labels)
            try await docker.tagImage(local, as: remote)
            try await run("docker", ["push", remote])
            // Drop the image locally so the pull must download its own layer.
            #expect(try await docker.removeImage(remote))
            #expect(try await docker.removeImage(local))

            // Corrupt the small gzip blobs: the RUN layers (busybox's own binary layer is ~1 MB, configs are JSON).
            // The engine has busybox's layers already, so only this image's RUN layer is downloaded.
            let blobs = "\(registry.storagePath)/docker/registry/v2/blobs"
            var corrupted = 0
            for path in try FileManager.default.subpathsOfDirectory(atPath: blobs) where path.hasSuffix("/data") {
                let file = "\(blobs)/\(path)"
                let data = try Data(contentsOf: URL(fileURLWithPath: file))
                if data.count < 100_000, data.starts(with: [0x1F, 0x8B]) {
                    try Data(repeating: 0x1F, count: data.count).write(to: URL(fileURLWithPath: file))
                    corrupted += 1
                }
            }
            try #require(corrupted >= 1, "expected small layer blobs in the registry")

            let statuses = Statuses()
            let error = try await #require(throws: EngineError.self) {
                try await docker.pullImage(remote, progress: { statuses.add($0) })
            }
            #expect(error.status == nil)
            #expect(error.code == .server)
            #expect(error.message.contains("verification failed"))
            #expect(!statuses.all.isEmpty, "the failure came inside a 200 stream, after progress lines")
            #expect(try await docker.inspectImage(remote) == nil)
        }
    }
}
