import Foundation
import GitKit
public import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import Reconciler
public import ServiceLifecycle
import Shared

/// The daemon's HTTP endpoints, a `Service` on `--listen`: `POST /hooks/git`, `GET /status[/NAME]`,
/// `GET /events/NAME`, `GET /metrics`, `GET /healthz`, `GET /readyz`. HTTP/1.1 with keep-alive, one
/// request at a time per connection.
public final class DaemonHTTPServer: Service, Sendable {
    let reconciler: DaemonReconciler
    let verifier: WebhookVerifier?
    let logger: Logger
    let host: String
    let port: Int
    let maxBodyBytes: Int
    private let bound = NIOLockedValueBox<Int?>(nil)
    private let workspaceCache = NIOLockedValueBox([String: (GitspaceStatus.Workspace, ContinuousClock.Instant)]())

    public init(reconciler: DaemonReconciler, logger: Logger) {
        self.reconciler = reconciler
        self.logger = logger
        let configuration = reconciler.configuration
        verifier = configuration.webhookSecret.map { WebhookVerifier(secret: $0) }
        host = configuration.listenHost
        port = configuration.listenPort
        maxBodyBytes = configuration.maxBodyBytes
    }

    /// The port bound (useful with port 0), once listening.
    public var boundPort: Int? { bound.withLockedValue { $0 } }

    struct Request: Sendable {
        var method: HTTPMethod
        var path: String
        var query: [String: String]
        var headers: [String: String]
        var body: [UInt8]
        var remote: String
    }

    struct Response: Sendable {
        var status: HTTPResponseStatus
        var contentType = "text/plain; charset=utf-8"
        var body: [UInt8]

        static func text(_ status: HTTPResponseStatus, _ text: String) -> Response {
            Response(status: status, body: Array((text + "\n").utf8))
        }

        static func json(_ data: Data) -> Response {
            Response(status: .ok, contentType: "application/json", body: Array(data) + [UInt8(ascii: "\n")])
        }
    }

    public func run() async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                        wrappingChannelSynchronously: channel)
                }
            }
        let port = server.channel.localAddress?.port ?? port
        bound.withLockedValue { $0 = port }
        logger.info("listening", metadata: ["address": "http://\(host):\(port)"])
        do {
            try await cancelWhenGracefulShutdown {
                try await withThrowingDiscardingTaskGroup { group in
                    try await server.executeThenClose { inbound in
                        for try await connection in inbound {
                            group.addTask { await self.serve(connection) }
                        }
                    }
                }
            }
        } catch is CancellationError {
            // Graceful shutdown cancels the accept loop: a normal end.
        }
        logger.info("stopped listening")
    }

    private func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async {
        let remote = connection.channel.remoteAddress?.description ?? "unknown"
        do {
            try await connection.executeThenClose { inbound, outbound in
                var head: HTTPRequestHead?
                var body: [UInt8] = []
                var tooLarge = false
                for try await part in inbound {
                    switch part {
                    case .head(let requestHead):
                        head = requestHead
                        body = []
                        let declared = requestHead.headers.first(name: "content-length").flatMap { Int($0) } ?? 0
                        tooLarge = declared > maxBodyBytes
                    case .body(var buffer):
                        guard !tooLarge else { continue }
                        if body.count + buffer.readableBytes > maxBodyBytes {
                            tooLarge = true
                            body = []
                        } else {
                            body += buffer.readBytes(length: buffer.readableBytes) ?? []
                        }
                    case .end:
                        guard let requestHead = head else { continue }
                        let response: Response
                        if tooLarge {
                            logger.warning(
                                "request body over the limit", metadata: ["remote": "\(remote)", "limit": "\(maxBodyBytes)"])
                            response = .text(.payloadTooLarge, "the body is larger than \(maxBodyBytes) bytes")
                        } else {
                            response = await handle(Self.request(requestHead, body: body, remote: remote))
                        }
                        let keepAlive = requestHead.isKeepAlive && !tooLarge
                        var headers = HTTPHeaders()
                        headers.add(name: "content-type", value: response.contentType)
                        headers.add(name: "content-length", value: "\(response.body.count)")
                        headers.add(name: "connection", value: keepAlive ? "keep-alive" : "close")
                        try await outbound.write(
                            .head(HTTPResponseHead(version: requestHead.version, status: response.status, headers: headers)))
                        try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: response.body))))
                        try await outbound.write(.end(nil))
                        head = nil
                        body = []
                        if !keepAlive { return }
                    }
                }
            }
        } catch {
            logger.debug("connection ended", metadata: ["remote": "\(remote)", "error": "\(error)"])
        }
    }

    private static func request(_ head: HTTPRequestHead, body: [UInt8], remote: String) -> Request {
        let parts = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var query: [String: String] = [:]
        if parts.count > 1 {
            for pair in parts[1].split(separator: "&") {
                let keyValue = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
                query[keyValue[0]] = keyValue.count > 1 ? keyValue[1] : ""
            }
        }
        var headers: [String: String] = [:]
        for (name, value) in head.headers { headers[name.lowercased()] = value }
        return Request(
            method: head.method, path: String(parts[0]), query: query, headers: headers, body: body, remote: remote)
    }

    // MARK: - Routes

    func handle(_ request: Request) async -> Response {
        let segments = request.path.split(separator: "/").map(String.init)
        switch (request.method, segments.first ?? "") {
        case (.POST, "hooks") where segments == ["hooks", "git"]:
            return webhook(request)
        case (.GET, "status") where segments.count <= 2:
            return await status(name: segments.count == 2 ? segments[1] : nil)
        case (.GET, "events") where segments.count == 2:
            let last = request.query["last"].flatMap { Int($0) }
            let events = reconciler.events.events(for: segments[1], last: last)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            return .json((try? encoder.encode(events)) ?? Data("[]".utf8))
        case (.GET, "metrics") where segments.count == 1:
            var response = Response.text(.ok, reconciler.metrics.render())
            response.contentType = "text/plain; version=0.0.4; charset=utf-8"
            response.body.removeLast()
            return response
        case (.GET, "healthz") where segments.count == 1:
            return reconciler.isHealthy ? .text(.ok, "ok") : .text(.serviceUnavailable, "the reconcile loop is stuck")
        case (.GET, "readyz") where segments.count == 1:
            if reconciler.isReady { return .text(.ok, "ready") }
            let daemon = reconciler.report?.daemon
            let why =
                daemon?.reconcileError ?? daemon?.fetchError
                ?? (daemon == nil ? "no pass has finished yet" : "no config commit has validated yet")
            return .text(.serviceUnavailable, "not ready: \(why)")
        case (_, "hooks"), (_, "status"), (_, "events"), (_, "metrics"), (_, "healthz"), (_, "readyz"):
            return .text(.methodNotAllowed, "\(request.method) is not allowed on \(request.path)")
        default:
            return .text(.notFound, "no such endpoint: \(request.path)")
        }
    }

    private func webhook(_ request: Request) -> Response {
        guard let verifier else {
            reconciler.metrics.webhook("rejected")
            logger.warning("webhook refused: no --webhook-secret-file is configured", metadata: ["remote": "\(request.remote)"])
            return .text(.forbidden, "webhooks are off: start the daemon with --webhook-secret-file")
        }
        if let refusal = verifier.check(headers: request.headers, body: request.body) {
            reconciler.metrics.webhook("rejected")
            logger.warning("webhook refused", metadata: ["remote": "\(request.remote)", "reason": "\(refusal)"])
            return .text(.unauthorized, "bad signature: \(refusal)")
        }
        reconciler.metrics.webhook("accepted")
        let event = request.headers["x-github-event"] ?? request.headers["x-gitlab-event"] ?? "push"
        logger.info("webhook accepted: fetching now", metadata: ["remote": "\(request.remote)", "event": "\(event)"])
        reconciler.trigger()
        return .text(.accepted, "fetching")
    }

    private func status(name: String?) async -> Response {
        guard var report = reconciler.report else {
            return .text(.serviceUnavailable, "no pass has finished yet")
        }
        if let name {
            report.gitspaces = report.gitspaces.filter { $0.name == name }
            if report.gitspaces.isEmpty { return .text(.notFound, "no Gitspace named \(name)") }
        }
        report.gitspaces = await withWorkspaces(report.gitspaces)
        return .json(report.json())
    }

    /// Fills in each workspace's state (clean or dirty, with why), read with libgit2 at most every few seconds.
    private func withWorkspaces(_ entries: [GitspaceStatus]) async -> [GitspaceStatus] {
        let now = ContinuousClock.now
        let cached = workspaceCache.withLockedValue { $0 }
        let stale = entries.filter { entry in
            guard let hit = cached[entry.name] else { return true }
            return now - hit.1 > .seconds(5)
        }.compactMap { entry in entry.workspace?.path.map { (entry.name, $0) } }
        let fresh = await BlockingWork.run { () -> [String: GitspaceStatus.Workspace] in
            var states: [String: GitspaceStatus.Workspace] = [:]
            for (name, path) in stale { states[name] = Self.workspace(at: path) }
            return states
        }
        workspaceCache.withLockedValue { cache in
            for (name, state) in fresh { cache[name] = (state, now) }
            if cache.count > 2 * max(entries.count, 1000) { cache = [:] }
        }
        return entries.map { entry in
            var entry = entry
            entry.workspace = fresh[entry.name] ?? cached[entry.name]?.0 ?? entry.workspace
            return entry
        }
    }

    static func workspace(at path: String) -> GitspaceStatus.Workspace {
        guard FileManager.default.fileExists(atPath: path + "/.git") else {
            return .init(state: "missing", path: path, reasons: nil)
        }
        do {
            let status = try Workspace.status(at: path)
            return .init(state: status.isDirty ? "dirty" : "clean", path: path, reasons: status.isDirty ? status.reasons : nil)
        } catch {
            return .init(state: "unknown", path: path, reasons: ["its state cannot be read: \(error)"])
        }
    }
}
