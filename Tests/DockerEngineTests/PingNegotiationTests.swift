import DockerEngine
import GitspacesTestSupport
import Testing

/// The API version comes from `/_ping`'s `Api-Version` header when the engine sends one, as the docker CLI does:
/// `/version` makes the engine ask containerd and runc for their versions on every command.
@Suite("API version from /_ping")
struct PingNegotiationTests {
    static func engine(pingVersion: String?) throws -> StubHTTPServer {
        try StubHTTPServer(handler: { request in
            if request.path == "/_ping" {
                return .init(status: 200, headers: pingVersion.map { ["Api-Version": $0] } ?? [:], text: "OK")
            }
            if request.path == "/version" {
                return .init(status: 200, text: #"{"Version":"99.0.0","ApiVersion":"1.43"}"#)
            }
            return .init(status: 200, text: "[]")
        })
    }

    @Test func thePingHeaderNegotiatesWithoutAskingForTheVersion() async throws {
        let server = try Self.engine(pingVersion: "1.44")
        defer { server.stop() }
        try await DockerClient.withClient(host: "tcp://127.0.0.1:\(server.port)") { docker in
            _ = try await docker.list()
            #expect(try await docker.apiVersion() == APIVersion(1, 44))
        }
        let requests = server.requests
        #expect(requests.filter { $0.hasPrefix("GET /_ping ") }.count == 1)
        #expect(!requests.contains { $0.hasPrefix("GET /version ") })
        #expect(requests.contains { $0.hasPrefix("GET /v1.44/containers/json") })
    }

    @Test func anEngineWhosePingNamesNoVersionIsAskedForIt() async throws {
        let server = try Self.engine(pingVersion: nil)
        defer { server.stop() }
        try await DockerClient.withClient(host: "tcp://127.0.0.1:\(server.port)") { docker in
            _ = try await docker.list()
        }
        #expect(server.requests.filter { $0.hasPrefix("GET /version ") }.count == 1)
        #expect(server.requests.contains { $0.hasPrefix("GET /v1.43/containers/json") })
    }

    @Test func aPingOlderThanSupportedFallsBackToTheVersionCall() async throws {
        let server = try Self.engine(pingVersion: "1.40")
        defer { server.stop() }
        let docker = try DockerClient(host: "tcp://127.0.0.1:\(server.port)")
        _ = try? await docker.list()
        try await docker.shutdown()
        // The ping's version is too old: /version is read, and it names 1.43, which is spoken.
        #expect(server.requests.contains { $0.hasPrefix("GET /version ") })
    }
}
