package import GitspacesCore

/// What the manifests last applied ask of one Gitspace, beyond its container: whether it should run, and its idle
/// timeout. `gitspaces ssh` and `exec` read it (they have no manifests) to know whether they may start a stopped
/// Gitspace; the daemon reads its timeout.
package struct RunIntent: Sendable, Hashable, Codable {
    package var state: Gitspace.RunState
    /// nil or zero: never stopped for being idle.
    package var idleTimeout: IdleTimeout?

    package init(state: Gitspace.RunState, idleTimeout: IdleTimeout?) {
        self.state = state
        self.idleTimeout = idleTimeout
    }

    package init(_ gitspace: Gitspace) {
        self.init(state: gitspace.state, idleTimeout: gitspace.idleTimeout)
    }
}
