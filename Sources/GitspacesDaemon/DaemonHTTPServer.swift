import Foundation
import Hummingbird
package import Logging
import NIOConcurrencyHelpers
import NIOCore
import Reconciler
package import ServiceLifecycle
import Shared

/// The daemon's HTTP endpoints, a `Service` on `--listen`: `POST /hooks/git`, `GET /status[/NAME]`,
/// `GET /events/NAME`, `GET /metrics`, `GET /healthz`, `GET /readyz`, and the read-only dashboard (`GET /`,
/// `GET /gitspaces/NAME`). A Hummingbird application (HTTP/1.1 with
/// keep-alive) whose router is built by `buildRouter()`, which the route tests call too.
package final class DaemonHTTPServer: Service, Sendable {
    let backend: any DaemonHTTPBackend
    let verifier: WebhookVerifier?
    let logger: Logger
    let host: String
    let port: Int
    let maxBodyBytes: Int
    /// Where the Gitspaces' logs are, for the dashboard.
    let layout: StateLayout
    private let bound = NIOLockedValueBox<Int?>(nil)
    let workspaceCache = NIOLockedValueBox([String: (GitspaceStatus.Workspace, ContinuousClock.Instant)]())

    package convenience init(reconciler: DaemonReconciler, logger: Logger) {
        self.init(backend: reconciler, configuration: reconciler.configuration, logger: logger)
    }

    /// Serves `backend` on `configuration`'s listen address, webhook secret and body limit.
    package init(backend: any DaemonHTTPBackend, configuration: DaemonConfiguration, logger: Logger) {
        self.backend = backend
        self.logger = logger
        verifier = configuration.webhookSecret.map { WebhookVerifier(secret: $0) }
        host = configuration.listenHost
        port = configuration.listenPort
        maxBodyBytes = configuration.maxBodyBytes
        layout = StateLayout(stateDirectory: configuration.stateDirectory, instance: configuration.instance)
    }

    /// The port bound (useful with port 0), once listening.
    package var boundPort: Int? { bound.withLockedValue { $0 } }

    /// Listens until graceful shutdown, which lets the requests under way finish.
    package func run() async throws {
        // Hummingbird's own lines (its start, its services) would repeat ours: only its warnings and errors show.
        var serverLogger = logger
        serverLogger.logLevel = max(logger.logLevel, .warning)
        let application = Application(
            router: buildRouter(),
            configuration: .init(address: .hostname(host, port: port)),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? self.port
                self.bound.withLockedValue { $0 = port }
                self.logger.info("listening", metadata: ["address": "http://\(self.host):\(port)"])
            },
            logger: serverLogger
        )
        try await application.run()
        logger.info("stopped listening")
    }

    /// Fills in each workspace's state (clean or dirty, with why), read with libgit2 at most every few seconds.
    func withWorkspaces(_ entries: [GitspaceStatus]) async -> [GitspaceStatus] {
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
            // Only clean and dirty are remembered. A missing workspace appears any moment during a first pass, and one
            // whose state cannot be read is usually a clone under way (`.git` is there, HEAD or the index not yet):
            // both are looked at again next time, or `/status` would show a running Gitspace's workspace `unknown`
            // for a few seconds after its create.
            for (name, state) in fresh {
                cache[name] = ["missing", "unknown"].contains(state.state) ? nil : (state, now)
            }
            if cache.count > 2 * max(entries.count, 1000) { cache = [:] }
        }
        return entries.map { entry in
            var entry = entry
            entry.workspace = fresh[entry.name] ?? cached[entry.name]?.0 ?? entry.workspace
            return entry
        }
    }

    static func workspace(at path: String) -> GitspaceStatus.Workspace {
        switch WorkspaceCondition.read(at: path) {
        case .missing: return .init(state: "missing", path: path, reasons: nil)
        case .clean: return .init(state: "clean", path: path, reasons: nil)
        case .dirty(let reasons): return .init(state: "dirty", path: path, reasons: reasons)
        case .unknown(let reason): return .init(state: "unknown", path: path, reasons: [reason])
        }
    }
}
