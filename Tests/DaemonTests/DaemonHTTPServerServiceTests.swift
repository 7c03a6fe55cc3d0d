import Foundation
import GitspacesTestScope
import Logging
import ServiceLifecycle
import ServiceLifecycleTestKit
import Testing

@testable import GitspacesDaemon

/// The server as the daemon runs it: a `Service` listening on loopback, answering over real HTTP, and returning from
/// `run()` when graceful shutdown is triggered.
@Suite(.onWidePool)
struct DaemonHTTPServerServiceTests {
    @Test func theServerListensOnLoopbackAnswersOverHTTPAndStopsOnGracefulShutdown() async throws {
        let backend = FixedBackend()
        var configuration = DaemonConfiguration(repo: "/nonexistent", stateDirectory: backend.stateDirectory)
        configuration.listenPort = 0
        configuration.maxBodyBytes = 1 << 20
        configuration.webhookSecret = Array("secret".utf8)
        var logger = Logger(label: "server-service-tests")
        logger.logLevel = .critical
        let server = DaemonHTTPServer(backend: backend, configuration: configuration, logger: logger)
        #expect(configuration.listenHost == "127.0.0.1")

        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await server.run() }
                let port = try await Self.boundPort(of: server)
                // Generous deadlines: the suite's other tests can hold the cooperative pool the handlers run on.
                let client = StatusClient(address: "127.0.0.1:\(port)", timeout: .seconds(120))

                let health = try await client.request("GET", "/healthz")
                #expect(health.status == 200)
                #expect(String(decoding: health.body, as: UTF8.self) == "ok\n")
                // Keep-alive or not, a body over the limit is read to its end and answered 413.
                let tooLarge = [UInt8](repeating: UInt8(ascii: "a"), count: 2 << 20)
                #expect(try await client.request("POST", "/hooks/git", body: tooLarge).status == 413)
                let body = Array("{}".utf8)
                let signature = WebhookVerifier(secret: Array("secret".utf8)).signature(for: body)
                let hook = try await client.request(
                    "POST", "/hooks/git", headers: ["X-Signature": signature], body: body)
                #expect(hook.status == 202)
                #expect(backend.triggered == 1)
                #expect(try await client.request("DELETE", "/status").status == 405)
                #expect(try await client.request("GET", "/nope").status == 404)

                trigger.triggerGracefulShutdown()
                try await group.next()
            }
        }
    }

    /// Waits for the server to bind its port.
    static func boundPort(of server: DaemonHTTPServer) async throws -> Int {
        // Generous: with the whole suite on two cores, binding can wait long for the event loop and the pool.
        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline {
            if let port = server.boundPort { return port }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw WaitTimeout(what: "the server to listen")
    }
}
