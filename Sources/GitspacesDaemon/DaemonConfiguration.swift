import Foundation
import Redaction
public import Reconciler

/// Everything `gitspaces daemon` runs with, from its flags and config file.
public struct DaemonConfiguration: Sendable {
    /// The config repository: a URL (mirrored under the state directory) or a local path.
    public var repo: String
    /// The branch to follow; nil follows the repository's HEAD.
    public var branch: String?
    /// Read only this folder of the repository.
    public var path: String?
    /// Time between passes when nothing wakes the loop earlier.
    public var interval: Duration = .seconds(30)
    /// Each wait is the interval times a random factor in 1 ± jitter, so many daemons do not fetch in step.
    public var jitter: Double = 0.1
    public var listenHost = "127.0.0.1"
    public var listenPort = 7420
    /// The webhook's HMAC secret; nil disables `POST /hooks/git`.
    public var webhookSecret: [UInt8]?
    public var credentialsDirectory: String?
    /// Feature registries reached over plain HTTP besides loopback ones (`--insecure-registry`).
    public var insecureRegistries: [String] = []
    public var stateDirectory: String
    public var instance = "default"
    public var dockerHost: String?
    /// How long a pass waits for the state lock an `apply` holds before it gives up until the next pass.
    public var lockTimeout: Duration = .seconds(60)
    /// Whether drift (a container stopped or removed by hand) is corrected; otherwise only reported.
    public var selfHeal = true
    /// Let plans through that the mass-deletion guard would refuse.
    public var allowMassDelete = false
    public var parallelism = 4
    /// How `hardware.disk` is applied to workspaces (`--disk-enforcement`).
    public var disk: DiskEnforcement = .unenforced(reason: "not requested")
    /// The host address forwarded ports are published on.
    public var bindAddress = "127.0.0.1"
    /// Host environment variables devcontainer.json may read as `${localEnv:NAME}`.
    public var localEnv: [String: String] = [:]
    /// How long SIGTERM waits for in-flight actions before cancelling them.
    public var shutdownTimeout: Duration = .seconds(30)
    /// Events kept in memory per Gitspace (all of them go to the events files).
    public var eventsKept = 100
    /// Webhook bodies above this are refused with 413.
    public var maxBodyBytes = 1 << 20
    /// Running containers inspected per pass for ports and hand-made hardware changes.
    public var inspectionsPerPass = 16

    public init(repo: String, stateDirectory: String) {
        self.repo = repo
        self.stateDirectory = stateDirectory
    }

    /// `repo` with its credentials masked, for logs and status.
    public var redactedRepo: String { Redact.url(repo) }

    /// The revision followed: `refs/heads/<branch>` or HEAD.
    var revision: String { branch.map { "refs/heads/\($0)" } ?? "HEAD" }
}
