/// What the daemon's HTTP routes read from the running daemon and ask of it. The reconcile loop is the one the
/// daemon serves; route tests give one with fixed values.
package protocol DaemonHTTPBackend: Sendable {
    /// The last published status; nil until the first pass has planned.
    var report: StatusReport? { get }
    /// Whether the last pass reached the engine with a config commit in force.
    var isReady: Bool { get }
    /// Whether the loop is alive.
    var isHealthy: Bool { get }
    var metrics: DaemonMetrics { get }
    var events: EventLog { get }
    /// The specs and pending plan the dashboard shows; nil without a reconcile loop or before its first pass.
    var dashboard: DashboardSnapshot? { get }
    /// Asks for a pass now (a valid webhook call).
    func trigger()
    /// The repositories a webhook's payload may name to ask for a pass: the config repository and the sources
    /// of the Gitspaces in force.
    var knownRepositories: Set<String> { get }
}

extension DaemonReconciler: DaemonHTTPBackend {}
