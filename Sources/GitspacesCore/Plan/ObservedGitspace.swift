/// A Gitspace that exists: read from the engine, or taken from a base revision's desired state for review.
package struct ObservedGitspace: Sendable, Hashable, Codable {
    package var name: String
    /// The spec it was created with (and updated in place to).
    package var spec: ResolvedSpec
    package var running: Bool
    /// The config commit it was applied from, when known.
    package var commit: String?

    package init(name: String, spec: ResolvedSpec, running: Bool, commit: String? = nil) {
        self.name = name
        self.spec = spec
        self.running = running
        self.commit = commit
    }

    /// What a desired Gitspace looks like once applied, for desired-against-desired diffs
    /// (`gitspaces diff --base REV --head REV`). `running` defaults to the desired state.
    package init(desired gitspace: Gitspace, running: Bool? = nil, commit: String? = nil) {
        self.init(
            name: gitspace.name, spec: ResolvedSpec(gitspace), running: running ?? (gitspace.state == .running),
            commit: commit)
    }
}
