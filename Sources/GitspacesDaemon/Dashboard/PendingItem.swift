import GitspacesCore

/// One action the next pass would take, or try again, that is not what runs now: a plan a guard refused, an
/// action waiting for its retry, a Gitspace held by a guard, drift left alone with self-heal off.
package struct PendingItem: Sendable, Hashable {
    /// Why the action has not happened (yet).
    package enum Reason: String, Sendable, Hashable {
        /// The plan of the commit in force was refused as a whole (a mass deletion): nothing of it runs.
        case refused = "Refused"
        /// It failed and waits for its retry.
        case backingOff = "BackingOff"
        /// A guard holds it (a branch switch on a dirty workspace).
        case blocked = "Blocked"
        /// It failed; the next pass tries again.
        case failed = "Failed"
        /// Drift that self-heal (off) does not correct.
        case selfHealOff = "SelfHealOff"
    }

    /// `create`, `update`, `delete`…
    package var action: String
    package var name: String
    package var reason: Reason
    /// What holds it, in words.
    package var message: String
    /// `field: old → new`, secrets hidden.
    package var changes: [String]
}
