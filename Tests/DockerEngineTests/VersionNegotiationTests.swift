import DockerEngine
import GitspacesTestSupport
import Testing

/// Against a stub that answers every request with the same `/version`-shaped JSON.
@Suite("API version negotiation")
struct VersionNegotiationTests {
    static func stub(apiVersion: String) throws -> StubHTTPServer {
        let body =
            #"{"Version":"99.0.0","ApiVersion":"\#(apiVersion)","MinAPIVersion":"1.24","Runtimes":{"runc":{"path":"runc"}}}"#
        return try StubHTTPServer(
            response: "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n"
                + "Connection: close\r\n\r\n\(body)")
    }

    @Test func newerEnginesAreSpokenToAtTheNewestVersionThisClientKnows() async throws {
        let server = try Self.stub(apiVersion: "1.47")
        defer { server.stop() }
        try await DockerClient.withClient(host: "tcp://127.0.0.1:\(server.port)") { docker in
            _ = try await docker.info()
            _ = try await docker.info()
            #expect(try await docker.apiVersion() == APIVersion(1, 45))
        }
        let requests = server.requests
        // One /version, cached for later calls.
        #expect(requests.filter { $0.hasPrefix("GET /version ") }.count == 1)
        #expect(requests.filter { $0.hasPrefix("GET /v1.45/info ") }.count == 2)
        #expect(requests.allSatisfy { $0.lowercased().contains("\r\nhost: docker\r\n") })
    }

    @Test func olderEnginesAreSpokenToAtTheirOwnVersion() async throws {
        let server = try Self.stub(apiVersion: "1.43")
        defer { server.stop() }
        try await DockerClient.withClient(host: "tcp://127.0.0.1:\(server.port)") { docker in
            _ = try await docker.info()
        }
        #expect(server.requests.contains { $0.hasPrefix("GET /v1.43/info ") })
    }

    @Test func enginesBelowAPI141AreRefusedWithAClearError() async throws {
        let server = try Self.stub(apiVersion: "1.40")
        defer { server.stop() }
        let docker = try DockerClient(host: "tcp://127.0.0.1:\(server.port)")
        let error = await #expect(throws: EngineError.self) { try await docker.list() }
        try await docker.shutdown()
        #expect(error?.code == .unsupportedVersion)
        #expect(error?.description.contains("API 1.40") == true)
        #expect(error?.description.contains("1.41 or newer") == true)
        #expect(error?.description.contains("tcp://127.0.0.1:\(server.port)") == true)
        #expect(!server.requests.contains { $0.contains("/containers/") })
    }

    @Test func anAnswerThatIsNotJSONIsAProtocolError() async throws {
        let server = try StubHTTPServer(
            response: "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello")
        defer { server.stop() }
        let docker = try DockerClient(host: "tcp://127.0.0.1:\(server.port)")
        let error = await #expect(throws: EngineError.self) { try await docker.version() }
        try await docker.shutdown()
        #expect(error?.code == .protocolError)
        #expect(error?.message.contains("hello") == true)
    }
}
