/// What a workspace holds that exists nowhere else: the facts behind "never lose a user's work".
///
/// A workspace is **dirty** when it has uncommitted changes to tracked files (staged or not), untracked files
/// that are not ignored, stashes, or commits that no remote-tracking branch contains. The product never
/// deletes, resets or switches a dirty workspace.
package struct WorkspaceStatus: Sendable, Hashable {
    /// How many paths `modified` and `untracked` list at most; the counts cover them all.
    package static let listedPathLimit = 20

    /// The checked-out branch by short name; `nil` when `HEAD` is detached.
    package var branch: String?
    /// The commit `HEAD` points to; `nil` in a repository without commits.
    package var head: ObjectID?
    /// Tracked files with staged or unstaged changes (modified, added, deleted, renamed as `old -> new`,
    /// type-changed, conflicted), sorted, the first `listedPathLimit`.
    package var modified: [String]
    /// How many tracked files have changes.
    package var modifiedCount: Int
    /// Untracked files that `.gitignore` does not ignore, sorted, the first `listedPathLimit`.
    package var untracked: [String]
    /// How many untracked, not ignored files there are.
    package var untrackedCount: Int
    /// Entries in the stash (`refs/stash`'s reflog).
    package var stashes: Int
    /// Commits reachable from a local branch or `HEAD` that no `refs/remotes/*` ref reaches.
    package var unpushed: Int

    /// Creates a status.
    package init(
        branch: String?, head: ObjectID?, modified: [String], modifiedCount: Int, untracked: [String],
        untrackedCount: Int, stashes: Int, unpushed: Int
    ) {
        self.branch = branch
        self.head = head
        self.modified = modified
        self.modifiedCount = modifiedCount
        self.untracked = untracked
        self.untrackedCount = untrackedCount
        self.stashes = stashes
        self.unpushed = unpushed
    }

    /// Whether the workspace holds work that exists nowhere else.
    package var isDirty: Bool {
        modifiedCount > 0 || untrackedCount > 0 || stashes > 0 || unpushed > 0
    }

    /// Why the workspace is dirty, one phrase per kind, for example
    /// `["3 uncommitted changes", "1 untracked file", "2 stashes", "4 commits not on the remote"]`; empty when clean.
    package var reasons: [String] {
        var reasons: [String] = []
        if modifiedCount > 0 {
            reasons.append(Self.count(modifiedCount, "uncommitted change", "uncommitted changes"))
        }
        if untrackedCount > 0 {
            reasons.append(Self.count(untrackedCount, "untracked file", "untracked files"))
        }
        if stashes > 0 {
            reasons.append(Self.count(stashes, "stash", "stashes"))
        }
        if unpushed > 0 {
            reasons.append(Self.count(unpushed, "commit not on the remote", "commits not on the remote"))
        }
        return reasons
    }

    private static func count(_ number: Int, _ singular: String, _ plural: String) -> String {
        "\(number) \(number == 1 ? singular : plural)"
    }
}

/// What `Workspace.clone` checked out.
package struct WorkspaceCloneResult: Sendable, Hashable {
    /// The local branch checked out, tracking `origin/<branch>`.
    package var branch: String
    /// The commit checked out.
    package var commit: ObjectID

    /// Creates a clone result.
    package init(branch: String, commit: ObjectID) {
        self.branch = branch
        self.commit = commit
    }
}
