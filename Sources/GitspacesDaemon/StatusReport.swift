public import Foundation
import Redaction

/// The phase of a Gitspace, as `GET /status` and `gitspaces status` show it.
public enum GitspacePhase: String, Sendable, Hashable, Codable, CaseIterable {
    /// Declared, not created yet (or its source cannot be resolved yet).
    case pending = "Pending"
    /// An action on it is under way.
    case creating = "Creating"
    case running = "Running"
    case stopped = "Stopped"
    /// Its last action failed; it is retried with backoff.
    case failed = "Failed"
    /// A guard holds it: a mass deletion refused, a branch switch on a dirty workspace.
    case blocked = "Blocked"
}

/// What `GET /status` answers: the daemon's fetch state and one entry per Gitspace. A stable, versioned schema.
public struct StatusReport: Sendable, Hashable, Codable {
    public var apiVersion = "gitspaces/v1"
    public var daemon: DaemonState
    public var gitspaces: [GitspaceStatus]

    public init(daemon: DaemonState, gitspaces: [GitspaceStatus]) {
        self.daemon = daemon
        self.gitspaces = gitspaces
    }

    public struct DaemonState: Sendable, Hashable, Codable {
        public var repo: String
        public var branch: String?
        public var path: String?
        public var instance: String
        public var selfHeal: Bool
        /// The config commit last fetched and looked at.
        public var lastAttemptedRevision: String?
        /// The config commit in force: the last one that validated and was applied.
        public var lastAppliedRevision: String?
        public var lastFetchAt: Date?
        /// Why the last fetch failed, if it did.
        public var fetchError: String?
        /// Why the last attempted commit is not applied: its errors as FILE:LINE:COLUMN: message.
        public var configErrors: [String]
        /// A guard's refusal of the last attempted commit's plan.
        public var refusal: String?
        /// Why the last pass failed as a whole (the engine unreachable, for one).
        public var reconcileError: String?
        public var lastReconcileAt: Date?
        public var passes: Int
        public var ready: Bool
        /// Workspaces of deleted Gitspaces kept on the host (they held work, or Retain asked for it), by name.
        public var retainedWorkspaces: [String: String]?
        /// Workspaces, disk images or mounts of Gitspaces with neither a manifest nor a container: deletes that
        /// were interrupted (apply killed midway). The next pass finishes them, keeping their work.
        public var interruptedDeletes: [String]?

        public init(repo: String, branch: String?, path: String?, instance: String, selfHeal: Bool) {
            self.repo = repo
            self.branch = branch
            self.path = path
            self.instance = instance
            self.selfHeal = selfHeal
            configErrors = []
            passes = 0
            ready = false
        }
    }
}

/// One Gitspace in `GET /status`.
public struct GitspaceStatus: Sendable, Hashable, Codable {
    public struct Condition: Sendable, Hashable, Codable {
        public var status: Bool
        /// A CamelCase word: Converged, Creating, ActionFailed, BackingOff, Blocked, Drifted, SourceUnresolved…
        public var reason: String
        public var message: String?
    }

    public struct Workspace: Sendable, Hashable, Codable {
        /// clean, dirty, missing, retained or unknown.
        public var state: String
        public var path: String?
        public var reasons: [String]?
    }

    public struct Port: Sendable, Hashable, Codable {
        /// `22/tcp`.
        public var container: String
        public var hostIP: String?
        public var hostPort: String?
    }

    public var name: String
    public var phase: GitspacePhase
    public var ready: Condition
    /// Whether the manifests declare it (false: it exists on the engine only, awaiting deletion).
    public var declared: Bool
    public var desiredState: String?
    public var containerState: String?
    /// The config commit the container was applied from.
    public var appliedCommit: String?
    /// The source commit its branch points at.
    public var sourceCommit: String?
    public var branch: String?
    public var lastError: String?
    public var retryInSeconds: Double?
    /// What differs from the manifests without a config change (a container stopped or removed by hand).
    public var drift: String?
    public var workspace: Workspace?
    public var ports: [Port]
    /// When it entered this phase.
    public var since: Date
    /// The named engine volumes its container mounts (its own, and shared ones); nil when not inspected.
    public var volumes: [String]? = nil
}


extension StatusReport {
    /// Pretty, sorted JSON with ISO 8601 dates.
    public func json() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        // Every field is masked where it is made; this is the last guard before `/status` and `status --format json`.
        let text = String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
        return Data(Redact.text(text).utf8)
    }

    public static func decode(_ data: Data) throws -> StatusReport {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(StatusReport.self, from: data)
    }
}
