package import Foundation
package import GitspacesCore

/// A Gitspace the daemon stopped because nobody used it: its container, when, and after how long without
/// activity. While it holds (same container, manifest still `running`), the stopped container is what is
/// intended: the planner sees it as running, self-heal leaves it, and status shows it `Idle`. A record of
/// another container (the Gitspace was replaced) is stale and ignored.
package struct IdleRecord: Sendable, Hashable, Codable {
    package var containerID: String
    package var stoppedAt: Date
    /// The last activity seen before the stop.
    package var lastActivity: Date
    package var timeout: IdleTimeout

    package init(containerID: String, stoppedAt: Date, lastActivity: Date, timeout: IdleTimeout) {
        self.containerID = containerID
        self.stoppedAt = stoppedAt
        self.lastActivity = lastActivity
        self.timeout = timeout
    }

    /// The ready condition's message of an idle Gitspace.
    package var message: String {
        "stopped at \(GitspaceLog.timestamp(stoppedAt)) after \(timeout) without an ssh/exec session or CPU use "
            + "(idle since \(GitspaceLog.timestamp(lastActivity))): `gitspaces ssh` or `exec` starts it"
    }
}
