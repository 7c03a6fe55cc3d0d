import Foundation
import GitspacesTestScope
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import GitspacesDaemon

/// The dashboard's routes through Hummingbird's router: pages and assets, their security headers, the filter
/// query, a 404 page that escapes the name asked for, and the page before the first pass.
@Suite(.onWidePool)
struct DashboardRouteTests {
    @Test func theOverviewIsHTMLWithStrictSecurityHeaders() async throws {
        try await withDashboard(DashboardBackend(report: DashboardRenderingTests.report())) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                let policy = try #require(response.headers[.contentSecurityPolicy])
                #expect(policy.contains("default-src 'none'"))
                #expect(policy.contains("script-src 'self'"))
                #expect(policy.contains("frame-ancestors 'none'"))
                #expect(!policy.contains("unsafe-inline"))
                #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
                #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
                let body = String(buffer: response.body)
                #expect(body.contains("data-name=\"alpha\""))
                #expect(body.contains("data-name=\"beta\""))
                #expect(!body.contains("<script>alert"))
            }
            try await client.execute(uri: "/?phase=Failed&q=", method: .get) { response in
                let body = String(buffer: response.body)
                #expect(body.contains("data-name=\"beta\""))
                #expect(!body.contains("data-name=\"alpha\""))
            }
        }
    }

    @Test func aGitspacesPageAnswersAndAnUnknownNameIsA404ThatEscapesIt() async throws {
        try await withDashboard(DashboardBackend(report: DashboardRenderingTests.report())) { client in
            try await client.execute(uri: "/gitspaces/alpha", method: .get) { response in
                #expect(response.status == .ok)
                let body = String(buffer: response.body)
                #expect(body.contains("<h1>alpha <span class=\"phase phase-running\">Running</span></h1>"))
                #expect(body.contains("gitspaces ssh"))
            }
            try await client.execute(uri: "/gitspaces/%3Cscript%3Ealert(1)%3C%2Fscript%3E", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentSecurityPolicy] != nil)
                let body = String(buffer: response.body)
                #expect(!body.contains("<script>alert"))
                #expect(body.contains("No Gitspace named"))
            }
        }
    }

    @Test func theStylesheetAndScriptAreServedWithTheirTypes() async throws {
        try await withDashboard(DashboardBackend(report: nil)) { client in
            try await client.execute(uri: "/dashboard.js", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/javascript; charset=utf-8")
                #expect(String(buffer: response.body).contains("DOMParser"))
            }
            try await client.execute(uri: "/dashboard.css", method: .get) { response in
                #expect(response.headers[.contentType] == "text/css; charset=utf-8")
                #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            }
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains("has not finished its first pass"))
            }
            try await client.execute(uri: "/", method: .post) { response in
                #expect(response.status == .notFound, "the dashboard takes no writes")
            }
        }
    }

    func withDashboard(
        _ backend: DashboardBackend, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let configuration = DaemonConfiguration(repo: "/nonexistent", stateDirectory: backend.stateDirectory)
        var logger = Logger(label: "dashboard-route-tests")
        logger.logLevel = .critical
        let server = DaemonHTTPServer(backend: backend, configuration: configuration, logger: logger)
        try await Application(router: server.buildRouter(), logger: logger).test(.router) { try await body($0) }
    }
}

/// A backend with a fixed report and the dashboard snapshot of the rendering tests.
final class DashboardBackend: DaemonHTTPBackend, @unchecked Sendable {
    let report: StatusReport?
    let isReady = true
    let isHealthy = true
    let metrics = DaemonMetrics()
    let events: EventLog
    let stateDirectory = "/tmp/gitspaces-test-dashboard-\(UUID().uuidString)"
    var dashboard: DashboardSnapshot? { report == nil ? nil : DashboardRenderingTests.snapshot() }

    init(report: StatusReport?) {
        self.report = report
        events = EventLog(stateDirectory: stateDirectory, instance: "test", keep: 10)
    }

    deinit { try? FileManager.default.removeItem(atPath: stateDirectory) }

    func trigger() {}
}
