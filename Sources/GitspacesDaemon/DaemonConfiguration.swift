import Foundation
package import Reconciler
import Redaction

/// Everything `gitspaces daemon` runs with, from its flags and config file.
package struct DaemonConfiguration: Sendable {
    /// The config repository: a URL (mirrored under the state directory) or a local path.
    package var repo: String
    /// The branch to follow; nil follows the repository's HEAD.
    package var branch: String?
    /// Read only this folder of the repository.
    package var path: String?
    /// Time between passes when nothing wakes the loop earlier.
    package var interval: Duration = .seconds(30)
    /// Each wait is the interval times a random factor in 1 ± jitter, so many daemons do not fetch in step.
    package var jitter: Double = 0.1
    package var listenHost = "127.0.0.1"
    package var listenPort = 7420
    /// The webhook's HMAC secret; nil disables `POST /hooks/git`.
    package var webhookSecret: [UInt8]?
    package var credentialsDirectory: String?
    /// Feature registries reached over plain HTTP besides loopback ones (`--insecure-registry`).
    package var insecureRegistries: [String] = []
    package var stateDirectory: String
    package var instance = "default"
    package var dockerHost: String?
    /// `--backend swarm`: `dockerHost` is a Swarm manager, and the Gitspaces run as services on its nodes.
    package var swarm = false
    /// `--registry HOST/NAMESPACE` on a swarm: built images are pushed there once and pulled by the nodes.
    package var registry: String?
    /// How long a pass waits for the state lock an `apply` holds before it gives up until the next pass.
    package var lockTimeout: Duration = .seconds(60)
    /// Whether drift (a container stopped or removed by hand) is corrected; otherwise only reported.
    package var selfHeal = true
    /// Let plans through that the mass-deletion guard would refuse.
    package var allowMassDelete = false
    package var parallelism = 4
    /// How `hardware.disk` is applied to workspaces (`--disk-enforcement`).
    package var disk: DiskEnforcement = .unenforced(reason: "not requested")
    /// The host address forwarded ports are published on.
    package var bindAddress = "127.0.0.1"
    /// Host environment variables devcontainer.json may read as `${localEnv:NAME}`.
    package var localEnv: [String: String] = [:]
    /// How long SIGTERM waits for in-flight actions before cancelling them.
    package var shutdownTimeout: Duration = .seconds(30)
    /// Events kept in memory per Gitspace (all of them go to the events files).
    package var eventsKept = 100
    /// Webhook bodies above this are refused with 413.
    package var maxBodyBytes = 1 << 20
    /// Running containers inspected per pass for ports and hand-made hardware changes.
    package var inspectionsPerPass = 16
    /// The keys config commits must be signed with (`--verify-commits`); nil applies unsigned commits too.
    package var commitTrust: CommitTrust?

    package init(repo: String, stateDirectory: String) {
        self.repo = repo
        self.stateDirectory = stateDirectory
    }

    /// `repo` with its credentials masked, for logs and status.
    package var redactedRepo: String { Redact.url(repo) }

    /// The revision followed: `refs/heads/<branch>` or HEAD.
    var revision: String { branch.map { "refs/heads/\($0)" } ?? "HEAD" }
}
