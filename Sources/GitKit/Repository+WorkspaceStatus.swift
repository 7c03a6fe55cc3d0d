internal import CGit2

extension Repository {
    /// The dirt of this work tree: changes, untracked files, stashes and commits not on any remote.
    func workspaceStatus() throws(GitError) -> WorkspaceStatus {
        var changes = try workTreeChanges()
        changes.modified.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        changes.untracked.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let limit = WorkspaceStatus.listedPathLimit
        return WorkspaceStatus(
            branch: try currentBranch(),
            head: try ifFound { () throws(GitError) in try headCommit() }.map { ObjectID($0) },
            modified: Array(changes.modified.prefix(limit)),
            modifiedCount: changes.modified.count,
            untracked: Array(changes.untracked.prefix(limit)),
            untrackedCount: changes.untracked.count,
            stashes: try stashCount(),
            unpushed: try unpushedCommitCount())
    }

    /// The branch `HEAD` points to by short name, born or not; `nil` when `HEAD` is detached.
    func currentBranch() throws(GitError) -> String? {
        let head = try Owned("git_reference_lookup", parent: self, release: git_reference_free) {
            git_reference_lookup($0, pointer, "HEAD")
        }
        guard git_reference_type(head.pointer) == GIT_REFERENCE_SYMBOLIC,
            let target = git_reference_symbolic_target(head.pointer).map(decodeCString),
            target.hasPrefix(Self.branchPrefix)
        else { return nil }
        return String(target.dropFirst(Self.branchPrefix.count))
    }

    /// The commit `HEAD` resolves to; `.notFound` while the branch is unborn.
    func headCommit() throws(GitError) -> git_oid {
        var oid = git_oid()
        try git("git_reference_name_to_id") { git_reference_name_to_id(&oid, pointer, "HEAD") }
        return oid
    }

    /// Every path with a change, in one `git_status_list_new`: tracked ones (index or work tree) and
    /// untracked ones (recursing into untracked folders; ignored files are not listed).
    private func workTreeChanges() throws(GitError) -> (modified: [String], untracked: [String]) {
        var options = git_status_options()
        try git("git_status_options_init") { git_status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION)) }
        options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR
        // As `git status`: untracked files listed one by one, staged renames paired, ignored files left out.
        options.flags =
            GIT_STATUS_OPT_INCLUDE_UNTRACKED.rawValue | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS.rawValue
            | GIT_STATUS_OPT_RENAMES_HEAD_TO_INDEX.rawValue
        let list = try Owned("git_status_list_new", parent: self, release: git_status_list_free) {
            git_status_list_new($0, pointer, &options)
        }
        var modified: [String] = []
        var untracked: [String] = []
        for index in 0..<git_status_list_entrycount(list.pointer) {
            guard let entry = git_status_byindex(list.pointer, index) else { continue }
            let flags = entry.pointee.status.rawValue
            if flags & GIT_STATUS_IGNORED.rawValue != 0 || flags == GIT_STATUS_CURRENT.rawValue { continue }
            let path = Self.describe(entry.pointee)
            if flags == GIT_STATUS_WT_NEW.rawValue {
                untracked.append(path)
            } else {
                modified.append(path)
            }
        }
        return (modified, untracked)
    }

    /// The entry's path, `old -> new` for a rename.
    private static func describe(_ entry: git_status_entry) -> String {
        let delta = entry.head_to_index ?? entry.index_to_workdir
        guard let delta else { return "" }
        let old = delta.pointee.old_file.path.map(decodeCString)
        let new = delta.pointee.new_file.path.map(decodeCString)
        if delta.pointee.status == GIT_DELTA_RENAMED, let old, let new, old != new {
            return "\(old) -> \(new)"
        }
        return new ?? old ?? ""
    }

    /// The entries of the stash, counted with `git_stash_foreach` (0 without `refs/stash`).
    private func stashCount() throws(GitError) -> Int {
        let counter = StashCounter()
        try withExtendedLifetime(counter) { () throws(GitError) in
            _ = try git("git_stash_foreach") {
                git_stash_foreach(pointer, countStashEntry, Unmanaged.passUnretained(counter).toOpaque())
            }
        }
        return counter.count
    }

    /// Commits reachable from a local branch or `HEAD` (detached or not) that no `refs/remotes/*` ref reaches:
    /// one revwalk pushing the former and hiding the latter.
    private func unpushedCommitCount() throws(GitError) -> Int {
        var tips = try peeledCommits(matching: "refs/heads/*")
        if let head = try ifFound({ () throws(GitError) in try headCommit() }) {
            tips.append(head)
        }
        guard !tips.isEmpty else { return 0 }
        let hidden = try peeledCommits(matching: "refs/remotes/*")
        let walk = try Owned("git_revwalk_new", parent: self, release: git_revwalk_free) {
            git_revwalk_new($0, pointer)
        }
        for var tip in tips {
            try git("git_revwalk_push") { git_revwalk_push(walk.pointer, &tip) }
        }
        for var remote in hidden {
            try git("git_revwalk_hide") { git_revwalk_hide(walk.pointer, &remote) }
        }
        var count = 0
        var oid = git_oid()
        while true {
            var finished = false
            try git("git_revwalk_next") {
                let result = git_revwalk_next(&oid, walk.pointer)
                finished = result == GIT_ITEROVER.rawValue
                return finished ? 0 : result
            }
            if finished { break }
            count += 1
        }
        return count
    }

    /// The commits the references matching `glob` point to (tags peeled). Symbolic references are
    /// resolved; dangling ones (an `origin/HEAD` whose branch was pruned) and non-commits are left out.
    func peeledCommits(matching glob: String) throws(GitError) -> [git_oid] {
        let iterator = try Owned("git_reference_iterator_glob_new", parent: self, release: git_reference_iterator_free)
        {
            git_reference_iterator_glob_new($0, pointer, glob)
        }
        var commits: [git_oid] = []
        while true {
            var raw: OpaquePointer?
            var finished = false
            try git("git_reference_next") {
                let result = git_reference_next(&raw, iterator.pointer)
                finished = result == GIT_ITEROVER.rawValue
                return finished ? 0 : result
            }
            guard !finished, let raw else { break }
            let reference = Owned(raw, parent: self, release: git_reference_free)
            let commit = try ifFound { () throws(GitError) -> git_oid in
                try peelToCommit(reference.pointer)
            }
            if let commit { commits.append(commit) }
        }
        return commits
    }

    /// The commit a reference ends at; `.notFound` when it dangles or names something other than a commit.
    func peelToCommit(_ reference: OpaquePointer) throws(GitError) -> git_oid {
        let object = try mapError { () throws(GitError) in
            try Owned("git_reference_peel", parent: self, release: git_object_free) {
                git_reference_peel($0, reference, GIT_OBJECT_COMMIT)
            }
        } transform: { error in
            guard error.code == .invalidSpec else { return error }
            var error = error
            error.code = .notFound
            return error
        }
        return git_object_id(object.pointer).pointee
    }
}
