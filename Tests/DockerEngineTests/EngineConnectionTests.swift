import DockerEngine
import Foundation
import Testing

@Suite("talking to the engine")
struct EngineConnectionTests {
    @Test func anUnreachableSocketIsUnreachableNamingTheSocketOnOneLine() async throws {
        let docker = try DockerClient(host: "unix:///tmp/nonexistent.sock")
        let error = await #expect(throws: EngineError.self) { try await docker.list() }
        try await docker.shutdown()
        let failure = try #require(error)
        #expect(failure.code == .unreachable)
        #expect(failure.status == nil)
        #expect(failure.description.contains("unix:///tmp/nonexistent.sock"))
        #expect(failure.description.contains("is dockerd running?"))
        #expect(failure.description.contains("DOCKER_HOST"))
        #expect(!failure.description.contains("\n"))
    }

    @Test func aClosedTCPPortIsUnreachableNamingTheAddress() async throws {
        let docker = try DockerClient(host: "tcp://127.0.0.1:1")
        let error = await #expect(throws: EngineError.self) { try await docker.ping() }
        try await docker.shutdown()
        #expect(error?.code == .unreachable)
        #expect(error?.description.contains("tcp://127.0.0.1:1") == true)
    }

    @Test func pingVersionAndInfoOfTheRealEngine() async throws {
        let docker = try DockerClient()
        do {
            try await docker.ping()
            let version = try await docker.version()
            let api = try #require(APIVersion(version.apiVersion))
            #expect(api >= DockerClient.minimumAPIVersion)
            #expect(try await docker.apiVersion() == min(api, DockerClient.maximumAPIVersion))
            let info = try await docker.info()
            #expect(info.runtimes.keys.contains("runc"))
            #expect((info.cpus ?? 0) > 0)
            #expect(info.serverVersion == version.version)
        } catch {
            try? await docker.shutdown()
            throw error
        }
        try await docker.shutdown()
    }

    @Test func oneClientServesManyConcurrentCalls() async throws {
        let docker = try DockerClient()
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<20 {
                    group.addTask { _ = try await docker.list(labels: [TestRun.labelKey: TestRun.id]) }
                }
                try await group.waitForAll()
            }
        } catch {
            try? await docker.shutdown()
            throw error
        }
        try await docker.shutdown()
    }

    @Test(arguments: ["unix://relative.sock", "ssh://host", "tcp://", "tcp://host:99999", "docker.sock"])
    func invalidHostStringsAreRejected(host: String) throws {
        let error = try #require(throws: EngineError.self) { try DockerClient(host: host) }
        #expect(error.code == .invalidArgument)
        #expect(error.message.contains(host))
    }
}
