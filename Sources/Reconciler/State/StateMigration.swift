/// One step of the state directory's layout from one format to the next, run by `StateFormat.prepare` while the
/// state lock is held. A step must be safe to run again: the format file moves on only after the step returns, so
/// a step cut short (a crash, a kill) runs again from the start on the next start.
package struct StateMigration: Sendable {
    /// The format it migrates from; it leaves the directory at `from + 1`.
    package var from: Int
    /// What it changes, for the log and the error of a failed step.
    package var summary: String
    /// Changes the layout under the state directory it is given.
    package var run: @Sendable (_ stateDirectory: String) throws -> Void

    package init(from: Int, summary: String, run: @escaping @Sendable (_ stateDirectory: String) throws -> Void) {
        self.from = from
        self.summary = summary
        self.run = run
    }

    /// Every step this release knows, oldest first: format 1 (0.1.0 and older, no format file) is `current`, so
    /// there is none yet. A change of layout adds a step here and raises `StateFormat.current` by one.
    package static let all: [StateMigration] = []
}
