internal import CGit2
import Foundation

extension Repository {
    /// The refspec a workspace fetches from its mirror with: the mirror's branches as `origin`'s.
    static let workspaceRefspecs = ["+refs/heads/*:refs/remotes/origin/*"]
    static let originPrefix = "refs/remotes/origin/"

    /// Updates `refs/remotes/origin/*` from the local mirror at `mirror` (pruning branches gone from it)
    /// through an anonymous remote, so `origin`'s configured URL stays the real one. Local branches, the
    /// index and the work tree are not touched; tags pointing into fetched history are added, never moved.
    func fetchWorkspace(fromMirror mirror: String) throws(GitError) {
        let mirrorURL = try RemoteURL(mirror)
        guard let mirrorPath = mirrorURL.localPath, FileManager.default.fileExists(atPath: mirrorPath) else {
            throw GitError(
                code: .notFound, message: "cannot update '\(path)': no mirror at '\(mirrorURL.display)'",
                call: "git_remote_connect")
        }
        guard !isBare else {
            throw GitError(
                code: .unsupported, message: "'\(path)' is a bare repository, not a workspace",
                call: "git_remote_fetch")
        }
        let remote = try Owned("git_remote_create_anonymous", parent: self, release: git_remote_free) {
            git_remote_create_anonymous($0, pointer, mirrorURL.location)
        }
        var options = git_fetch_options()
        try git("git_fetch_options_init") { git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)) }
        options.prune = GIT_FETCH_PRUNE
        options.update_fetchhead = 0  // FETCH_HEAD would name the host's mirror path
        options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_AUTO  // not in the prune's refspecs: local tags stay
        try withCStringArray(Self.workspaceRefspecs) { (refspecs) throws(GitError) in
            _ = try git("git_remote_fetch") {
                git_remote_fetch(remote.pointer, refspecs, &options, "gitspaces: fetch from the mirror")
            }
        }
    }

    /// Fast-forwards the current branch to its upstream when the workspace is clean and the branch is
    /// strictly behind; returns whether it did.
    func fastForwardWorkspace() throws(GitError) -> Bool {
        let status = try workspaceStatus()
        guard !status.isDirty, let branch = status.branch else { return false }
        let local = try Owned("git_reference_lookup", parent: self, release: git_reference_free) {
            git_reference_lookup($0, pointer, Self.branchPrefix + branch)
        }
        let upstreamTarget = try ifFound { () throws(GitError) -> (git_oid, String) in
            let upstream = try Owned("git_branch_upstream", parent: self, release: git_reference_free) {
                git_branch_upstream($0, local.pointer)
            }
            let name = git_reference_shorthand(upstream.pointer).map(decodeCString) ?? "the upstream"
            return (try peelToCommit(upstream.pointer), name)
        }
        guard let (target, upstreamName) = upstreamTarget, var current = git_reference_target(local.pointer)?.pointee
        else { return false }
        var upstream = target
        var ahead = 0
        var behind = 0
        try git("git_graph_ahead_behind") { git_graph_ahead_behind(&ahead, &behind, pointer, &current, &upstream) }
        guard ahead == 0, behind > 0 else { return false }

        try checkOutSafely(upstream, purpose: "fast-forward '\(branch)' to \(upstreamName)")
        // Compare-and-swap: fails rather than move a branch someone committed to meanwhile.
        _ = try Owned("git_reference_set_target", parent: self, release: git_reference_free) {
            git_reference_set_target($0, local.pointer, &upstream, "gitspaces: fast-forward to \(upstreamName)")
        }
        return true
    }

    /// Checks out `branch`, creating it from `origin/<branch>` (tracking it) when there is no local one.
    /// Refused with `.locked` when the workspace is dirty.
    func switchWorkspaceBranch(to branch: String) throws(GitError) {
        var valid: Int32 = 0
        try git("git_branch_name_is_valid") { git_branch_name_is_valid(&valid, branch) }
        guard valid == 1 else {
            throw GitError(
                code: .invalidSpec, message: "'\(branch)' is not a valid branch name", call: "git_branch_name_is_valid")
        }
        let status = try workspaceStatus()
        if status.branch == branch, status.head != nil { return }
        guard !status.isDirty else {
            throw GitError(
                code: .locked,
                message: "the workspace '\(path)' has \(status.reasons.joined(separator: ", ")): "
                    + "not switching to '\(branch)'",
                call: "git_checkout_tree")
        }
        let localName = Self.branchPrefix + branch
        let localTarget = try ifFound { () throws(GitError) -> git_oid in
            let local = try Owned("git_reference_lookup", parent: self, release: git_reference_free) {
                git_reference_lookup($0, pointer, localName)
            }
            return try peelToCommit(local.pointer)
        }
        let target: git_oid
        if let localTarget {
            target = localTarget
        } else {
            target = try mapError { () throws(GitError) -> git_oid in
                let remote = try Owned("git_reference_lookup", parent: self, release: git_reference_free) {
                    git_reference_lookup($0, pointer, Self.originPrefix + branch)
                }
                return try peelToCommit(remote.pointer)
            } transform: { error in
                guard error.code == .notFound else { return error }
                return GitError(
                    code: .notFound,
                    message: "branch '\(branch)' not found on origin (no local branch and no "
                        + "'origin/\(branch)' in '\(path)')",
                    call: error.call)
            }
        }

        try checkOutSafely(target, purpose: "switch to '\(branch)'")
        if localTarget == nil {
            var oid = target
            let commit = try Owned("git_commit_lookup", parent: self, release: git_commit_free) {
                git_commit_lookup($0, pointer, &oid)
            }
            let created = try Owned("git_branch_create", parent: self, release: git_reference_free) {
                git_branch_create($0, pointer, branch, commit.pointer, 0)
            }
            try git("git_branch_set_upstream") { git_branch_set_upstream(created.pointer, "origin/\(branch)") }
        }
        try git("git_repository_set_head") { git_repository_set_head(pointer, localName) }
    }

    /// Updates the index and work tree to `commit` with `GIT_CHECKOUT_SAFE`: files changed locally, and ignored
    /// files, are never overwritten (a conflict is `.locked` and changes nothing). `HEAD` is left to the caller.
    func checkOutSafely(_ commit: git_oid, purpose: String) throws(GitError) {
        var oid = commit
        let object = try Owned("git_object_lookup", parent: self, release: git_object_free) {
            git_object_lookup($0, pointer, &oid, GIT_OBJECT_COMMIT)
        }
        var options = git_checkout_options()
        try git("git_checkout_options_init") {
            git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION))
        }
        // SAFE alone still overwrites ignored files (libgit2 treats them as expendable, as git does); an
        // ignored `.env` is the user's bytes too.
        options.checkout_strategy = GIT_CHECKOUT_SAFE.rawValue | GIT_CHECKOUT_DONT_OVERWRITE_IGNORED.rawValue
        try mapError { () throws(GitError) in
            _ = try git("git_checkout_tree") { git_checkout_tree(pointer, object.pointer, &options) }
        } transform: { error in
            guard error.errorClass == GIT_ERROR_CHECKOUT.rawValue, error.code == .other else { return error }
            var error = error
            error.code = .locked
            error.message = "cannot \(purpose) in '\(path)': local files would be overwritten (\(error.message))"
            return error
        }
    }
}
