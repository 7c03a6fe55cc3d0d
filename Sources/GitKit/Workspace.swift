internal import CGit2
import Foundation

/// Per-Gitspace work trees cloned locally from a bare mirror (see `Mirror`), and the checks that keep a
/// user's work safe in them.
///
/// No operation here touches the network: everything comes from the mirror, which `Mirror.sync` fetches.
/// Nothing resets, forces or deletes: checkouts use `GIT_CHECKOUT_SAFE`, and a dirty workspace (see
/// `WorkspaceStatus`) is never fast-forwarded or switched. Calls block; run them off the cooperative pool.
package enum Workspace {
    /// Clones the bare mirror at `mirror` into `path` without the network and checks out `branch` (default:
    /// the mirror's `HEAD` branch) as a local branch tracking `origin/<branch>`.
    ///
    /// Objects are hard-linked from the mirror when both are on one filesystem, copied otherwise; never
    /// borrowed through `objects/info/alternates`, which would name a host path the container cannot see.
    /// `origin` is then pointed at `originURL`, the real remote, with `refs/remotes/origin/*` holding the
    /// mirror's branches. A URL carrying a password or token is `.invalidSpec` (the workspace's config is
    /// visible inside the container; credentials come from the credentials directory instead).
    /// A non-empty `path` is `.exists`; a missing mirror or branch is `.notFound`, and leaves nothing behind.
    package static func clone(
        mirror: String, into path: String, originURL: String, branch: String? = nil
    ) throws(GitError) -> WorkspaceCloneResult {
        _ = libgit2Runtime
        let origin = try RemoteURL(originURL)
        guard origin.display == originURL else {
            throw GitError(
                code: .invalidSpec,
                message:
                    "the origin URL '\(origin.display)' carries credentials, which would end up in the workspace's "
                    + "git config inside the container; give the URL without them and use credentials instead",
                call: "git_remote_set_url")
        }
        let mirrorPath = absolutePath(mirror)
        let source = try mapError { () throws(GitError) in
            try Repository.open(at: mirrorPath)
        } transform: { error in
            guard error.code == .notFound else { return error }
            return GitError(
                code: .notFound, message: "no mirror of '\(origin.display)' at '\(mirrorPath)'", call: error.call)
        }
        let wanted: String
        if let branch {
            wanted = branch
        } else if let defaultBranch = try source.defaultBranch() {
            wanted = defaultBranch
        } else {
            throw GitError(
                code: .notFound,
                message: "the mirror of '\(origin.display)' at '\(mirrorPath)' has no default branch (is it empty?)",
                call: "git_clone")
        }
        guard try source.referenceExists(Repository.branchPrefix + wanted) else {
            throw GitError(
                code: .notFound,
                message: "branch '\(wanted)' not found in the mirror of '\(origin.display)' at '\(mirrorPath)'",
                call: "git_clone")
        }

        let existed = FileManager.default.fileExists(atPath: path)
        var options = git_clone_options()
        try git("git_clone_options_init") { git_clone_options_init(&options, UInt32(GIT_CLONE_OPTIONS_VERSION)) }
        options.local = GIT_CLONE_LOCAL  // the local transport even for file://; hard links when possible
        options.checkout_opts.checkout_strategy = GIT_CHECKOUT_SAFE.rawValue
        // Without any attribute or end-of-line setting no filter applies, and skipping their lookup saves about
        // a third of the checkout's CPU (see `CheckoutFilters`).
        let commit = try source.resolveCommit(Repository.branchPrefix + wanted)
        options.checkout_opts.disable_filters =
            try CheckoutFilters.read(commit: commit, in: source).convertNothing ? 1 : 0
        options.fetch_opts.update_fetchhead = 0
        options.remote_cb = createMirrorOrigin
        _ = try Owned("git_clone", parent: nil, release: git_repository_free) { raw in
            wanted.withCString { name in
                options.checkout_branch = name
                defer { options.checkout_branch = nil }
                return git_clone(raw, mirrorPath, path, &options)
            }
        }

        let configured = Result { () throws(GitError) -> WorkspaceCloneResult in
            let repository = try Repository.open(at: path)
            try git("git_remote_set_url") { git_remote_set_url(repository.pointer, "origin", originURL) }
            return WorkspaceCloneResult(branch: wanted, commit: try repository.resolveCommit("HEAD"))
        }
        if case .failure = configured {
            removeClone(at: path, keepingDirectory: existed)
        }
        return try configured.get()
    }

    /// What the workspace at `path` holds that exists nowhere else; see `WorkspaceStatus`.
    package static func status(at path: String) throws(GitError) -> WorkspaceStatus {
        try Repository.open(at: path).workspaceStatus()
    }

    /// Updates the workspace's `refs/remotes/origin/*` from the local mirror at `mirror` (branches deleted
    /// there are pruned). Local branches and the work tree are untouched; `origin`'s URL stays the real one.
    package static func fetch(mirror: String, at path: String) throws(GitError) {
        try Repository.open(at: path).fetchWorkspace(fromMirror: absolutePath(mirror))
    }

    /// Fast-forwards the checked-out branch to its upstream (for example after `fetch`) and updates the work
    /// tree, only when the workspace is clean (`isDirty` false) and the branch is strictly behind.
    /// Returns `false`, changing nothing, when dirty, detached, without upstream, up to date, ahead or diverged.
    /// A checkout that would overwrite a file (an ignored one: dirt has been ruled out) is `.locked` and
    /// changes nothing.
    package static func fastForward(at path: String) throws(GitError) -> Bool {
        try Repository.open(at: path).fastForwardWorkspace()
    }

    /// Checks out `branch`: the local branch when there is one, else a new one created from `origin/<branch>`
    /// and tracking it. Only a clean workspace is switched: a dirty one is `.locked`, with the reasons in the
    /// message, and nothing changes. A branch neither local nor on origin is `.notFound`; an invalid name
    /// `.invalidSpec`. Switching to the current branch does nothing. A checkout that would overwrite an
    /// ignored file is `.locked` too.
    package static func switchBranch(at path: String, to branch: String) throws(GitError) {
        try Repository.open(at: path).switchWorkspaceBranch(to: branch)
    }

    private static func absolutePath(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    /// Removes a clone that could not be configured: the folder's contents (the folder was empty before
    /// `git_clone` accepted it), and the folder itself when `git_clone` created it.
    private static func removeClone(at path: String, keepingDirectory: Bool) {
        guard keepingDirectory else {
            try? FileManager.default.removeItem(atPath: path)
            return
        }
        for item in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
            try? FileManager.default.removeItem(atPath: "\(path)/\(item)")
        }
    }
}

/// Creates the clone's `origin` for the local mirror's path without the `url.<base>.insteadOf` lookup: a rewrite
/// of the state directory's own path is never meant, and Debian's libgit2 1.5.1 leaks PCRE2 match data (about
/// 18 KiB) for every config entry that lookup does not match, 22 per clone, which was most of the daemon's
/// resident memory after creating 1,000 Gitspaces. `origin` gets the real URL right after the clone.
private let createMirrorOrigin: git_remote_create_cb = { remote, repository, name, url, _ in
    var options = git_remote_create_options()
    let initialized = git_remote_create_options_init(&options, UInt32(GIT_REMOTE_CREATE_OPTIONS_VERSION))
    guard initialized == 0 else { return initialized }
    options.repository = repository
    options.name = name
    options.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF.rawValue
    return git_remote_create_with_opts(remote, url, &options)
}
