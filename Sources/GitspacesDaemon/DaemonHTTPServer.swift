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
    let workspaceCache = NIOLockedValueBox([String: RememberedWorkspace]())

    /// A workspace state read, valid for a few seconds while its Gitspace stays in the phase it was read in.
    struct RememberedWorkspace {
        var workspace: GitspaceStatus.Workspace
        var readAt: ContinuousClock.Instant
        /// The Gitspace's phase and when it entered it, at the read: a new phase reads the workspace again.
        var phase: GitspacePhase
        var since: Date

        func answers(_ entry: GitspaceStatus, at now: ContinuousClock.Instant) -> Bool {
            entry.phase == phase && entry.since == since && now - readAt <= .seconds(5)
        }
    }

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
        let cached = workspaceCache.withLockedValue { cache in
            entries.reduce(into: [String: GitspaceStatus.Workspace]()) { hits, entry in
                if let hit = cache[entry.name], hit.answers(entry, at: now) { hits[entry.name] = hit.workspace }
            }
        }
        let stale = entries.filter { cached[$0.name] == nil }.compactMap { entry in
            entry.workspace?.path.map { (entry, $0) }
        }
        let fresh = await BlockingWork.run { () -> [String: GitspaceStatus.Workspace] in
            var states: [String: GitspaceStatus.Workspace] = [:]
            for (entry, path) in stale { states[entry.name] = Self.workspace(at: path) }
            return states
        }
        workspaceCache.withLockedValue { cache in
            for (entry, _) in stale {
                guard let state = fresh[entry.name] else { continue }
                cache[entry.name] =
                    Self.remembers(state, in: entry.phase)
                    ? RememberedWorkspace(workspace: state, readAt: now, phase: entry.phase, since: entry.since) : nil
            }
            if cache.count > 2 * max(entries.count, 1000) { cache = [:] }
        }
        return entries.map { entry in
            var entry = entry
            entry.workspace = fresh[entry.name] ?? cached[entry.name] ?? entry.workspace
            return entry
        }
    }

    /// Whether a read is remembered. Only clean and dirty are, and only outside an action: a workspace read while
    /// its Gitspace is pending, created or built is usually a clone under way (missing, `.git` without HEAD, or
    /// files checked out before the index is written, which reads dirty), and would show for a few seconds after
    /// the Gitspace runs. Either way a read is forgotten once the phase changes.
    static func remembers(_ state: GitspaceStatus.Workspace, in phase: GitspacePhase) -> Bool {
        guard state.state == "clean" || state.state == "dirty" else { return false }
        return ![.pending, .creating, .building].contains(phase)
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
