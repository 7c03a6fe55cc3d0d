import Foundation
import GitspacesDaemon
import GitspacesTestScope
import Logging
import Testing

@Suite(.onWidePool)
struct WebhookVerifierTests {
    @Test func hmacMatchesRFC4231() {
        // RFC 4231 test case 2.
        let mac = WebhookVerifier(secret: Array("Jefe".utf8)).signature(for: Array("what do ya want for nothing?".utf8))
        #expect(mac == "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        // Test case 6: a key longer than the block is hashed first.
        let long = WebhookVerifier(secret: [UInt8](repeating: 0xaa, count: 131))
            .signature(for: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8))
        #expect(long == "sha256=60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test func signaturesAreCheckedFromEitherHeader() {
        let verifier = WebhookVerifier(secret: Array("secret".utf8))
        let body = Array("{\"ref\":\"refs/heads/main\"}".utf8)
        let good = verifier.signature(for: body)
        #expect(verifier.check(headers: ["x-hub-signature-256": good], body: body) == nil)
        #expect(
            verifier.check(
                headers: ["x-signature": good.uppercased().replacingOccurrences(of: "SHA256=", with: "sha256=")],
                body: body) == nil)
        #expect(verifier.check(headers: [:], body: body) == .missingSignature)
        #expect(verifier.check(headers: ["x-signature": "sha1=abc"], body: body) == .malformedSignature)
        #expect(verifier.check(headers: ["x-signature": good], body: body + [0x20]) == .mismatch)
        let other = WebhookVerifier(secret: Array("other".utf8)).signature(for: body)
        #expect(verifier.check(headers: ["x-hub-signature-256": other], body: body) == .mismatch)
    }
}

@Suite(.onWidePool)
struct BackoffTests {
    @Test func delaysDoubleFromOneSecondUpToFiveMinutesAndResetOnSuccess() {
        var backoff = Backoff()
        let now = ContinuousClock.now
        let delays = (0..<12).map { _ in backoff.failed("a", now: now) }
        #expect(Array(delays.prefix(9)) == [1, 2, 4, 8, 16, 32, 64, 128, 256].map { Duration.seconds($0) })
        #expect(delays.suffix(3).allSatisfy { $0 == .seconds(300) })
        #expect(backoff.waiting("a", now: now) != nil)
        #expect(backoff.waiting("b", now: now) == nil)
        #expect(backoff.waiting("a", now: now + .seconds(301)) == nil)
        backoff.succeeded("a")
        #expect(backoff.failed("a", now: now) == .seconds(1))
    }
}

@Suite(.onWidePool)
struct MetricsTests {
    @Test func theExpositionHasEveryFamilyWithFixedLabels() {
        let metrics = DaemonMetrics()
        metrics.reconciled(seconds: 0.2, failed: false)
        metrics.reconciled(seconds: 3, failed: true)
        metrics.fetched(seconds: 0.01, failed: true)
        metrics.action(kind: "create", result: "success")
        metrics.setPhases(["Running": 2])
        let text = metrics.render()
        #expect(text.contains("gitspaces_reconcile_duration_seconds_bucket{le=\"0.25\"} 1\n"))
        #expect(text.contains("gitspaces_reconcile_duration_seconds_bucket{le=\"+Inf\"} 2\n"))
        #expect(text.contains("gitspaces_reconcile_duration_seconds_count 2\n"))
        #expect(text.contains("gitspaces_reconcile_errors_total 1\n"))
        #expect(text.contains("gitspaces_fetch_failures_total 1\n"))
        #expect(text.contains("gitspaces_gitspaces{phase=\"Running\"} 2.0\n"))
        #expect(text.contains("gitspaces_gitspaces{phase=\"Failed\"} 0.0\n"))
        #expect(text.contains("gitspaces_apply_actions_total{kind=\"create\",result=\"success\"} 1\n"))
    }
}

@Suite(.onWidePool)
struct EventLogTests {
    @Test func eventsAreKeptInMemoryAndAppendedToAFileThatSurvives() async throws {
        let folder = "/tmp/gitspaces-test-events-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let log = EventLog(stateDirectory: folder, instance: "i", keep: 3)
        for index in 0..<5 {
            let event = GitspaceEvent(
                gitspace: "a", kind: .normal, reason: "Created", message: "m\(index)", commit: "c")
            await log.record(event)
        }
        #expect(log.events(for: "a").map(\.message) == ["m2", "m3", "m4"])
        let reopened = EventLog(stateDirectory: folder, instance: "i", keep: 10)
        #expect(reopened.events(for: "a").map(\.message) == ["m0", "m1", "m2", "m3", "m4"])
        #expect(reopened.events(for: "nobody").isEmpty)
    }
}

/// Whatever a library logs, a URL's credentials never reach the log (issue #14, item 2).
@Suite(.onWidePool)
struct RedactingLogHandlerTests {
    final class Captured: @unchecked Sendable {
        let lock = NSLock()
        var lines: [String] = []
    }

    struct CapturingHandler: LogHandler {
        let captured: Captured
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let fields = (metadata.merging(event.metadata ?? [:]) { $1 }).map { "\($0.key)=\($0.value)" }.sorted()
            captured.lock.withLock { captured.lines.append("\(event.message) \(fields.joined(separator: " "))") }
        }
    }

    @Test func messagesAndMetadataAreMasked() {
        let captured = Captured()
        var logger = Logger(label: "test") { _ in RedactingLogHandler(CapturingHandler(captured: captured)) }
        logger[metadataKey: "gitspaces.repo"] = "https://ghp_TOKEN1@host/config.git"
        logger.error(
            "fetching 'https://bob:TOKEN2@host/x.git' failed",
            metadata: ["error": "at ssh://u:TOKEN3@h/y, ssh://git@h/z"])
        let line = captured.lines.joined()
        for token in ["TOKEN1", "TOKEN2", "TOKEN3"] { #expect(!line.contains(token), "\(line)") }
        #expect(line.contains("https://***@host/x.git"))
        #expect(line.contains("ssh://git@h/z"))
    }
}
