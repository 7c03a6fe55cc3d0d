import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Reconciler
import Shared

extension DaemonHTTPServer {
    /// The read-only dashboard: `GET /` (the overview, filtered by `?owner=&phase=&q=`), `GET /gitspaces/NAME`, and
    /// its stylesheet and script. Only GET routes: nothing here changes anything.
    func addDashboardRoutes(to router: Router<DaemonRequestContext>) {
        router.get("/") { request, _ in await self.overview(query: request.uri.query) }
        router.get("gitspaces/:name") { _, context in
            await self.gitspacePage(name: context.parameters.get("name") ?? "")
        }
        router.get("dashboard.css") { _, _ in
            Response.dashboard(.ok, DashboardAssets.stylesheet, type: "text/css; charset=utf-8")
        }
        router.get("dashboard.js") { _, _ in
            Response.dashboard(.ok, DashboardAssets.script, type: "text/javascript; charset=utf-8")
        }
    }

    func overview(query: String?) async -> Response {
        guard var report = backend.report else { return notYet() }
        report.gitspaces = await withWorkspaces(report.gitspaces)
        let page = DashboardOverview(
            report: report, snapshot: backend.dashboard, filter: DashboardFilter(query: query), now: Date())
        return .dashboard(.ok, page.render())
    }

    func gitspacePage(name: String) async -> Response {
        guard let report = backend.report else { return notYet() }
        guard let found = report.gitspaces.first(where: { $0.name == name }) else {
            let page = DashboardLayout.page(
                title: "Not found — Gitspaces", heading: HTML("h1", text: "No Gitspace named \(name)"),
                instance: report.daemon.instance,
                content: [
                    HTML(
                        "p", [:],
                        [
                            .text("The config in force declares none by that name, and the engine holds none. "),
                            HTML("a", ["href": "/"], text: "See all Gitspaces."),
                        ])
                ], now: Date())
            return .dashboard(.notFound, page)
        }
        let status = await withWorkspaces([found])[0]
        let snapshot = backend.dashboard
        let path = layout.log(name)
        let log = await BlockingWork.run { DashboardLog.tail(path: path) }
        let events = await BlockingWork.run { self.backend.events.events(for: name, last: 50) }
        var flags: [String] = []
        if layout.root != StateLayout.defaultRoot() { flags += ["--state-dir", layout.root] }
        if report.daemon.instance != "default" { flags += ["--instance", report.daemon.instance] }
        let page = DashboardGitspacePage(
            report: report, status: status, spec: snapshot?.specs[name],
            pending: snapshot?.pending.filter { $0.name == name } ?? [], events: events, log: log,
            commandFlags: flags, now: Date())
        return .dashboard(.ok, page.render())
    }

    private func notYet() -> Response {
        let page = DashboardLayout.page(
            title: "Starting — Gitspaces", heading: HTML("h1", text: "Gitspaces"), instance: "…",
            content: [HTML("p", text: "The daemon has not finished its first pass yet: this page refreshes itself.")],
            now: Date())
        return .dashboard(.serviceUnavailable, page)
    }
}

extension Response {
    /// The headers of every dashboard answer: a strict Content-Security-Policy (only this origin's stylesheet and
    /// script, no inline script, no framing), no MIME sniffing, no referrer, no caching.
    static let dashboardHeaders: HTTPFields = [
        .contentSecurityPolicy: DashboardAssets.contentSecurityPolicy,
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        HTTPField.Name("Referrer-Policy")!: "no-referrer",
        HTTPField.Name("X-Frame-Options")!: "DENY",
        .cacheControl: "no-store",
    ]

    /// A dashboard page or asset with the dashboard's headers.
    static func dashboard(
        _ status: HTTPResponse.Status, _ body: String, type: String = "text/html; charset=utf-8"
    ) -> Response {
        var headers = dashboardHeaders
        headers[.contentType] = type
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
