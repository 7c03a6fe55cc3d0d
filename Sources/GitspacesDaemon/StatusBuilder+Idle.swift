import GitspacesCore
import Reconciler

extension StatusBuilder {
    /// A stopped Gitspace whose idle record holds and whose manifest still says `running` is `Idle`, not stopped:
    /// the ready condition says since when, and how to start it.
    static func idle(
        _ name: String, phase: GitspacePhase, ready: GitspaceStatus.Condition, gitspace: Gitspace?, input: Input
    ) -> (GitspacePhase, GitspaceStatus.Condition) {
        guard phase == .stopped, gitspace?.state == .running, let record = input.idle[name] else {
            return (phase, ready)
        }
        return (.idle, GitspaceStatus.Condition(status: false, reason: "Idle", message: record.message))
    }
}
