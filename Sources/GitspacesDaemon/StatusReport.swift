package import Foundation
import Redaction

/// The phase of a Gitspace, as `GET /status` and `gitspaces status` show it.
package enum GitspacePhase: String, Sendable, Hashable, Codable, CaseIterable {
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
    /// Its new image is being built; the old container (if any) keeps running until the image exists.
    case building = "Building"
    /// Stopped by the daemon after its idle timeout; `gitspaces ssh` or `exec` starts it. Not drift.
    case idle = "Idle"
    /// Its Swarm node is down, drained or paused: it is left alone (never started elsewhere) until the node is back.
    case nodeDown = "NodeDown"
}

/// What `GET /status` answers: the daemon's fetch state and one entry per Gitspace. A stable, versioned schema.
package struct StatusReport: Sendable, Hashable, Codable {
    package var apiVersion = "gitspaces/v1"
    package var daemon: DaemonState
    package var gitspaces: [GitspaceStatus]

    package init(daemon: DaemonState, gitspaces: [GitspaceStatus]) {
        self.daemon = daemon
        self.gitspaces = gitspaces
    }

    package struct DaemonState: Sendable, Hashable, Codable {
        package var repo: String
        package var branch: String?
        package var path: String?
        package var instance: String
        package var selfHeal: Bool
        /// The config commit last fetched and looked at.
        package var lastAttemptedRevision: String?
        /// The config commit in force: the last one that validated and was applied.
        package var lastAppliedRevision: String?
        package var lastFetchAt: Date?
        /// Why the last fetch failed, if it did.
        package var fetchError: String?
        /// Why the last attempted commit is not applied: its errors as FILE:LINE:COLUMN: message.
        package var configErrors: [String]
        /// A guard's refusal of the last attempted commit's plan.
        package var refusal: String?
        /// Why the last attempted commit is not applied under `--verify-commits`: unsigned, signed by a key that is
        /// not trusted, or a signature that does not verify (the commit is `lastAttemptedRevision`).
        package var unverified: String?
        /// Why the last pass failed as a whole (the engine unreachable, for one).
        package var reconcileError: String?
        package var lastReconcileAt: Date?
        package var passes: Int
        package var ready: Bool
        /// Workspaces of deleted Gitspaces kept on the host (they held work, or Retain asked for it), by name.
        package var retainedWorkspaces: [String: String]?
        /// Workspaces, disk images or mounts of Gitspaces with neither a manifest nor a container: deletes that
        /// were interrupted (apply killed midway). The next pass finishes them, keeping their work.
        package var interruptedDeletes: [String]?
        /// Swarm nodes placement does not use, each with why (no engine label, not ready, not active).
        package var excludedNodes: [String]? = nil

        package init(repo: String, branch: String?, path: String?, instance: String, selfHeal: Bool) {
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
package struct GitspaceStatus: Sendable, Hashable, Codable {
    package struct Condition: Sendable, Hashable, Codable {
        package var status: Bool
        /// A CamelCase word: Converged, Creating, ActionFailed, BackingOff, Blocked, Drifted, SourceUnresolved…
        package var reason: String
        package var message: String?
    }

    package struct Workspace: Sendable, Hashable, Codable {
        /// clean, dirty, missing, retained or unknown.
        package var state: String
        package var path: String?
        package var reasons: [String]?
    }

    package struct Port: Sendable, Hashable, Codable {
        /// `22/tcp`.
        package var container: String
        package var hostIP: String?
        package var hostPort: String?
    }

    package var name: String
    package var phase: GitspacePhase
    package var ready: Condition
    /// Whether the manifests declare it (false: it exists on the engine only, awaiting deletion).
    package var declared: Bool
    package var desiredState: String?
    package var containerState: String?
    /// The config commit the container was applied from.
    package var appliedCommit: String?
    /// The source commit its branch points at.
    package var sourceCommit: String?
    package var branch: String?
    package var lastError: String?
    package var retryInSeconds: Double?
    /// What differs from the manifests without a config change (a container stopped or removed by hand).
    package var drift: String?
    package var workspace: Workspace?
    package var ports: [Port]
    /// When it entered this phase.
    package var since: Date
    /// The named engine volumes its container mounts (its own, and shared ones); nil when not inspected.
    package var volumes: [String]? = nil
    /// The Swarm node that holds it (`--backend swarm`); nil on one engine.
    package var node: String? = nil
    /// The image being built for it (phase `Building`); nil when no build is under way.
    package var building: String? = nil
    /// Its dotfiles and how their last install went; nil when it asks for none.
    package var dotfiles: Dotfiles? = nil
}

extension StatusReport {
    /// Pretty, sorted JSON with ISO 8601 dates.
    package func json() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        // Every field is masked where it is made; this is the last guard before `/status` and `status --format json`.
        let text = String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
        return Data(Redact.text(text).utf8)
    }

    package static func decode(_ data: Data) throws -> StatusReport {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(StatusReport.self, from: data)
    }
}
