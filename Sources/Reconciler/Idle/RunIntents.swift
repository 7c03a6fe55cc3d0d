package import GitspacesCore

/// The run intents of one instance (`StateLayout.intents`), written by `apply` and each daemon pass.
package struct RunIntents: Sendable {
    package let layout: StateLayout
    private let files: RecordDirectory<RunIntent>

    package init(layout: StateLayout) {
        self.layout = layout
        files = RecordDirectory(directory: layout.intents)
    }

    package func read(_ name: String) -> RunIntent? { files.read(name) }

    /// Every intent recorded, by Gitspace name.
    package func readAll() -> [String: RunIntent] { files.readAll() }

    /// Records what `desired` asks (writing only what changed, removing Gitspaces no longer declared), and drops the
    /// idle records the manifests overrule: a Gitspace now `stopped` or gone is not idle any more, so a later
    /// change back to `running` starts it. Blocking.
    ///
    /// `existing` is what `readAll()` read, when the caller read it while it waited for something else.
    package func sync(_ desired: DesiredState, existing: [String: RunIntent]? = nil) throws {
        let existing = existing ?? files.readAll()
        var declared: Set<String> = []
        for gitspace in desired.gitspaces {
            declared.insert(gitspace.name)
            let intent = RunIntent(gitspace)
            if existing[gitspace.name] != intent { try files.write(intent, for: gitspace.name) }
        }
        for name in existing.keys where !declared.contains(name) { files.remove(name) }
        let idle = IdleRecords(layout: layout)
        let running = Set(desired.gitspaces.filter { $0.state == .running }.map(\.name))
        for name in idle.readAll().keys where !running.contains(name) { idle.remove(name) }
    }
}
