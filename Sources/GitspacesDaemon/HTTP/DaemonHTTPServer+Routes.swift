import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

extension DaemonHTTPServer {
    /// The first path segment of every endpoint: a request under one of them that no route takes is answered 405.
    static let endpoints: Set<String> = ["hooks", "status", "events", "metrics", "healthz", "readyz"]

    /// The router of every endpoint, behind the body middleware (the limit, the raw body) and the 404/405 fallback.
    func buildRouter() -> Router<DaemonRequestContext> {
        let router = Router(context: DaemonRequestContext.self)
        router.add(middleware: RequestBodyMiddleware(limit: maxBodyBytes, logger: logger))
        router.add(middleware: EndpointFallbackMiddleware(endpoints: Self.endpoints))
        router.post("hooks/git") { request, context in self.webhook(request, context: context) }
        router.get("status") { _, _ in await self.status(name: nil) }
        router.get("status/:name") { _, context in await self.status(name: context.parameters.get("name")) }
        router.get("events/:name") { request, context in
            self.events(name: context.parameters.get("name") ?? "", last: request.uri.queryParameters["last"])
        }
        router.get("metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: self.backend.metrics.render())))
        }
        router.get("healthz") { _, _ in
            self.backend.isHealthy
                ? Response.text(.ok, "ok") : Response.text(.serviceUnavailable, "the reconcile loop is stuck")
        }
        router.get("readyz") { _, _ in self.readiness() }
        addDashboardRoutes(to: router)
        return router
    }

    func webhook(_ request: Request, context: DaemonRequestContext) -> Response {
        let remote = context.remote
        guard let verifier else {
            backend.metrics.webhook("rejected")
            logger.warning("webhook refused: no --webhook-secret-file is configured", metadata: ["remote": "\(remote)"])
            return .text(.forbidden, "webhooks are off: start the daemon with --webhook-secret-file")
        }
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        if let refusal = verifier.check(headers: headers, body: Array(context.rawBody.readableBytesView)) {
            backend.metrics.webhook("rejected")
            logger.warning("webhook refused", metadata: ["remote": "\(remote)", "reason": "\(refusal)"])
            return .text(.unauthorized, "bad signature: \(refusal)")
        }
        backend.metrics.webhook("accepted")
        let event = headers["x-github-event"] ?? headers["x-gitlab-event"] ?? "push"
        let hint = WebhookHint(payload: Array(context.rawBody.readableBytesView))
        if !hint.named.isEmpty { return hinted(hint, remote: remote, event: event) }
        logger.info("webhook accepted: fetching now", metadata: ["remote": "\(remote)", "event": "\(event)"])
        backend.trigger()
        return .text(.accepted, "fetching")
    }

    func status(name: String?) async -> Response {
        guard var report = backend.report else {
            return .text(.serviceUnavailable, "no pass has finished yet")
        }
        if let name {
            report.gitspaces = report.gitspaces.filter { $0.name == name }
            if report.gitspaces.isEmpty { return .text(.notFound, "no Gitspace named \(name)") }
        }
        report.gitspaces = await withWorkspaces(report.gitspaces)
        return .json(report.json())
    }

    func events(name: String, last: Substring?) -> Response {
        let events = backend.events.events(for: name, last: last.flatMap { Int($0) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return .json((try? encoder.encode(events)) ?? Data("[]".utf8))
    }

    func readiness() -> Response {
        if backend.isReady { return .text(.ok, "ready") }
        let daemon = backend.report?.daemon
        let why =
            daemon?.reconcileError ?? daemon?.fetchError
            ?? (daemon == nil ? "no pass has finished yet" : "no config commit has validated yet")
        return .text(.serviceUnavailable, "not ready: \(why)")
    }
}
