import Foundation
import GitspacesTestScope
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import GitspacesDaemon

/// The daemon's routes through Hummingbird's router (no socket): each endpoint's status, headers and body, the
/// webhook's checks over the raw body, the body limit, and the 405 and 404 answers.
@Suite(.onWidePool)
struct DaemonRouteTests {
    @Test func healthzAnswersOkWhileTheLoopIsAliveAnd503WhenItIsStuck() async throws {
        try await withRoutes(FixedBackend()) { client, _ in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "ok\n")
                #expect(response.headers[.contentType] == "text/plain; charset=utf-8")
                #expect(response.headers[.contentLength] == "3")
            }
        }
        try await withRoutes(FixedBackend(isHealthy: false)) { client, _ in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body) == "the reconcile loop is stuck\n")
            }
        }
    }

    @Test func readyzSaysWhyTheDaemonIsNotReady() async throws {
        try await withRoutes(FixedBackend()) { client, _ in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body) == "not ready: no pass has finished yet\n")
            }
        }
        var failing = Self.report()
        failing.daemon.fetchError = "the remote hung up"
        try await withRoutes(FixedBackend(report: failing)) { client, _ in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body) == "not ready: the remote hung up\n")
            }
        }
        try await withRoutes(FixedBackend(report: Self.report(), isReady: true)) { client, _ in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "ready\n")
            }
        }
    }

    @Test func statusAnswersTheReportOrOneGitspaceAnd404ForAnUnknownName() async throws {
        try await withRoutes(FixedBackend()) { client, _ in
            try await client.execute(uri: "/status", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body) == "no pass has finished yet\n")
            }
        }
        try await withRoutes(FixedBackend(report: Self.report(gitspaces: ["alpha", "beta"]))) { client, _ in
            try await client.execute(uri: "/status", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                #expect(response.body.readableBytesView.last == UInt8(ascii: "\n"))
                let report = try StatusReport.decode(Data(response.body.readableBytesView))
                #expect(report.gitspaces.map(\.name) == ["alpha", "beta"])
            }
            try await client.execute(uri: "/status/beta", method: .get) { response in
                #expect(response.status == .ok)
                let report = try StatusReport.decode(Data(response.body.readableBytesView))
                #expect(report.gitspaces.map(\.name) == ["beta"])
            }
            try await client.execute(uri: "/status/gamma", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body) == "no Gitspace named gamma\n")
            }
        }
    }

    @Test func eventsAnswersTheLastEventsOfAGitspaceAsJSON() async throws {
        let backend = FixedBackend()
        for index in 0..<3 {
            await backend.events.record(
                GitspaceEvent(gitspace: "alpha", kind: .normal, reason: "Created", message: "m\(index)", commit: "c"))
        }
        try await withRoutes(backend) { client, _ in
            try await client.execute(uri: "/events/alpha?last=2", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                let events = try Self.events(response.body)
                #expect(events.map(\.message) == ["m1", "m2"])
            }
            try await client.execute(uri: "/events/alpha", method: .get) { response in
                let events = try Self.events(response.body)
                #expect(events.map(\.message) == ["m0", "m1", "m2"])
            }
            try await client.execute(uri: "/events/nobody", method: .get) { response in
                #expect(response.status == .ok)
                let events = try Self.events(response.body)
                #expect(events.isEmpty)
            }
        }
    }

    @Test func metricsAnswersThePrometheusTextOfThisDaemon() async throws {
        let backend = FixedBackend()
        backend.metrics.action(kind: "create", result: "success")
        try await withRoutes(backend) { client, _ in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
                let text = String(buffer: response.body)
                #expect(text == backend.metrics.render())
                #expect(text.contains("gitspaces_apply_actions_total{kind=\"create\",result=\"success\"} 1\n"))
            }
        }
    }

    @Test func aSignedWebhookIsAcceptedFromEitherHeaderAndAsksForAPass() async throws {
        let backend = FixedBackend()
        try await withRoutes(backend) { client, verifier in
            let body = ByteBuffer(string: "{\"ref\":\"refs/heads/main\"}")
            let signature = verifier.signature(for: Array(body.readableBytesView))
            for header in ["X-Hub-Signature-256", "X-Signature"] {
                let headers: HTTPFields = [
                    HTTPField.Name(header)!: signature, HTTPField.Name("X-GitHub-Event")!: "push",
                ]
                try await client.execute(uri: "/hooks/git", method: .post, headers: headers, body: body) { response in
                    #expect(response.status == .accepted)
                    #expect(String(buffer: response.body) == "fetching\n")
                }
            }
        }
        #expect(backend.triggered == 2)
        #expect(backend.metrics.render().contains("gitspaces_webhook_requests_total{result=\"accepted\"} 2\n"))
    }

    @Test func theSignatureIsCheckedOverTheBytesReceivedWhateverTheyAre() async throws {
        let backend = FixedBackend()
        // Not UTF-8, with a CR LF and trailing spaces, and big enough to arrive in several parts.
        let bytes: [UInt8] = [0xff, 0xfe, 0x00, 0x0d, 0x0a, 0x20, 0x20] + (0..<100_000).map { UInt8($0 % 251) }
        try await withRoutes(backend) { client, verifier in
            let headers: HTTPFields = [HTTPField.Name("X-Hub-Signature-256")!: verifier.signature(for: bytes)]
            try await client.execute(
                uri: "/hooks/git", method: .post, headers: headers, body: ByteBuffer(bytes: bytes)
            ) { response in
                #expect(response.status == .accepted)
            }
            // One byte less is another body: the same signature no longer matches.
            try await client.execute(
                uri: "/hooks/git", method: .post, headers: headers, body: ByteBuffer(bytes: bytes.dropLast())
            ) { response in
                #expect(response.status == .unauthorized)
            }
        }
        #expect(backend.triggered == 1)
    }

    @Test func aBadOrMissingSignatureIsRefusedWith401AndAsksForNothing() async throws {
        let backend = FixedBackend()
        try await withRoutes(backend) { client, _ in
            let body = ByteBuffer(string: "{}")
            let wrong = WebhookVerifier(secret: Array("wrong".utf8)).signature(for: Array(body.readableBytesView))
            let headers: HTTPFields = [HTTPField.Name("X-Hub-Signature-256")!: wrong]
            try await client.execute(uri: "/hooks/git", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .unauthorized)
                #expect(String(buffer: response.body) == "bad signature: the signature does not match the body\n")
            }
            try await client.execute(uri: "/hooks/git", method: .post, body: body) { response in
                #expect(response.status == .unauthorized)
                #expect(String(buffer: response.body).contains("no X-Hub-Signature-256 or X-Signature header"))
            }
        }
        #expect(backend.triggered == 0)
        #expect(backend.metrics.render().contains("gitspaces_webhook_requests_total{result=\"rejected\"} 2\n"))
    }

    @Test func webhooksAreRefusedWith403WithoutASecret() async throws {
        let backend = FixedBackend()
        try await withRoutes(backend, secret: nil) { client, verifier in
            let body = ByteBuffer(string: "{}")
            let headers: HTTPFields = [
                HTTPField.Name("X-Hub-Signature-256")!: verifier.signature(for: Array(body.readableBytesView))
            ]
            try await client.execute(uri: "/hooks/git", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .forbidden)
                #expect(
                    String(buffer: response.body) == "webhooks are off: start the daemon with --webhook-secret-file\n")
            }
        }
        #expect(backend.triggered == 0)
    }

    @Test func aBodyOverTheLimitIsRefusedWith413OnAnyPathAndOneAtTheLimitIsRead() async throws {
        let backend = FixedBackend()
        try await withRoutes(backend, maxBodyBytes: 1024) { client, verifier in
            let atLimit = [UInt8](repeating: UInt8(ascii: "a"), count: 1024)
            let signed: HTTPFields = [HTTPField.Name("X-Hub-Signature-256")!: verifier.signature(for: atLimit)]
            try await client.execute(
                uri: "/hooks/git", method: .post, headers: signed, body: ByteBuffer(bytes: atLimit)
            ) { response in
                #expect(response.status == .accepted)
            }
            let over = atLimit + [UInt8(ascii: "a")]
            let signedOver: HTTPFields = [HTTPField.Name("X-Hub-Signature-256")!: verifier.signature(for: over)]
            for (uri, method) in [("/hooks/git", HTTPRequest.Method.post), ("/status", .get), ("/nowhere", .put)] {
                try await client.execute(
                    uri: uri, method: method, headers: signedOver, body: ByteBuffer(bytes: over)
                ) { response in
                    #expect(response.status == .contentTooLarge)
                    #expect(String(buffer: response.body) == "the body is larger than 1024 bytes\n")
                }
            }
        }
        #expect(backend.triggered == 1)
    }

    @Test(arguments: [
        ("/hooks/git", HTTPRequest.Method.get), ("/hooks/other", .post), ("/status", .post), ("/status/a/b", .get),
        ("/events", .get), ("/events/a", .delete), ("/metrics", .put), ("/metrics/x", .get), ("/healthz", .post),
        ("/readyz", .head),
    ])
    func aRequestUnderAnEndpointThatNoRouteTakesIsAnswered405(path: String, method: HTTPRequest.Method) async throws {
        try await withRoutes(FixedBackend(report: Self.report(), isReady: true)) { client, _ in
            try await client.execute(uri: path, method: method) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(String(buffer: response.body) == "\(method) is not allowed on \(path)\n")
            }
        }
    }

    @Test(arguments: ["/nope", "/statusx", "/hook/git", "/dashboard/x"])
    func aPathOutsideTheEndpointsIsAnswered404(path: String) async throws {
        try await withRoutes(FixedBackend()) { client, _ in
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body) == "no such endpoint: \(path)\n")
                #expect(response.headers[.contentType] == "text/plain; charset=utf-8")
            }
        }
    }

    // MARK: - Helpers

    static let secret = "route-test-secret"

    /// Runs `body` against the routes of a server over `backend`; the verifier signs with the test secret.
    func withRoutes(
        _ backend: FixedBackend, secret: String? = DaemonRouteTests.secret, maxBodyBytes: Int = 1 << 20,
        _ body: @escaping @Sendable (any TestClientProtocol, WebhookVerifier) async throws -> Void
    ) async throws {
        var configuration = DaemonConfiguration(repo: "/nonexistent", stateDirectory: backend.stateDirectory)
        configuration.webhookSecret = secret.map { Array($0.utf8) }
        configuration.maxBodyBytes = maxBodyBytes
        var logger = Logger(label: "route-tests")
        logger.logLevel = .critical
        let server = DaemonHTTPServer(backend: backend, configuration: configuration, logger: logger)
        let application = Application(router: server.buildRouter(), logger: logger)
        let verifier = WebhookVerifier(secret: Array(Self.secret.utf8))
        try await application.test(.router) { client in try await body(client, verifier) }
    }

    static func report(gitspaces names: [String] = []) -> StatusReport {
        let daemon = StatusReport.DaemonState(
            repo: "https://example.invalid/config.git", branch: "main", path: nil, instance: "test", selfHeal: true)
        let entries = names.map { name in
            GitspaceStatus(
                name: name, phase: .running, ready: .init(status: true, reason: "Converged", message: nil),
                declared: true, desiredState: "running", containerState: "running", appliedCommit: nil,
                sourceCommit: nil, branch: nil, lastError: nil, retryInSeconds: nil, drift: nil, workspace: nil,
                ports: [], since: Date(timeIntervalSince1970: 1_700_000_000))
        }
        return StatusReport(daemon: daemon, gitspaces: entries)
    }

    static func events(_ body: ByteBuffer) throws -> [GitspaceEvent] {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode([GitspaceEvent].self, from: Data(body.readableBytesView))
    }
}

/// A daemon state with fixed values: the routes alone, without a reconcile loop. Its events live in a fresh folder
/// that is removed when it goes.
final class FixedBackend: DaemonHTTPBackend, @unchecked Sendable {
    let report: StatusReport?
    let isReady: Bool
    let isHealthy: Bool
    let metrics = DaemonMetrics()
    let events: EventLog
    let stateDirectory = "/tmp/gitspaces-test-routes-\(UUID().uuidString)"
    private let lock = NSLock()
    private var triggers = 0

    init(report: StatusReport? = nil, isReady: Bool = false, isHealthy: Bool = true) {
        self.report = report
        self.isReady = isReady
        self.isHealthy = isHealthy
        events = EventLog(stateDirectory: stateDirectory, instance: "test", keep: 10)
    }

    deinit { try? FileManager.default.removeItem(atPath: stateDirectory) }

    func trigger() { lock.withLock { triggers += 1 } }

    /// How many passes the webhook asked for.
    var triggered: Int { lock.withLock { triggers } }
}
