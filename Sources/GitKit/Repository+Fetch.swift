internal import CGit2
import Foundation

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

extension Repository {
    /// The refspecs of a mirror: every branch and tag, forced, to the same name.
    static let mirrorRefspecs = ["+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"]

    /// Fetches `url` into this bare mirror: all branches to `refs/heads/*` and tags to `refs/tags/*` (forced),
    /// refs deleted upstream pruned, and `HEAD` pointed at the remote's default branch when it is known.
    ///
    /// `url` may be `https://`, `ssh://`, scp-like (`git@host:org/repo.git`), `git://`, `file://` or a plain
    /// filesystem path (absolute or relative to the current directory). Secret files are read first; a missing
    /// one is `.auth`. An unreachable remote is `.network`, a rejected certificate `.certificate`.
    /// `progress` is called on the fetching thread while the pack is received.
    /// A repository with a work tree is `.unsupported`: moving its branches would leave the work tree behind.
    package func fetchMirror(
        from url: String,
        credentials: Credentials,
        progress: (@Sendable (FetchProgress) -> Void)? = nil
    ) throws(GitError) -> FetchResult {
        let remoteURL = try RemoteURL(url)
        if remoteURL.localPath == nil { _ = environmentTrust }
        guard isBare else {
            throw GitError(
                code: .unsupported,
                message:
                    "cannot mirror '\(remoteURL.display)' into '\(path)': it has a work tree; use a bare repository",
                call: "git_remote_fetch")
        }
        if let localPath = remoteURL.localPath, !FileManager.default.fileExists(atPath: localPath) {
            throw GitError(
                code: .notFound, message: "cannot fetch '\(remoteURL.display)': '\(localPath)' does not exist",
                call: "git_remote_connect")
        }
        let session = FetchSession(credentials: try credentials.load(for: remoteURL.display), progress: progress)
        let remote = try Owned("git_remote_create_anonymous", parent: self, release: git_remote_free) {
            git_remote_create_anonymous($0, pointer, remoteURL.location)
        }

        var options = git_fetch_options()
        try git("git_fetch_options_init") { git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)) }
        options.prune = GIT_FETCH_PRUNE
        options.update_fetchhead = 0
        options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE  // tags come through the explicit refspec
        session.sshPort = KnownHosts.port(inURL: remoteURL.location)
        options.callbacks.credentials = fetchCredentialsCallback
        options.callbacks.certificate_check = session.credentials.knownHosts == nil ? nil : fetchCertificateCallback
        options.callbacks.transfer_progress = progress == nil ? nil : fetchProgressCallback
        options.callbacks.payload = Unmanaged.passUnretained(session).toOpaque()

        options.proxy_opts.type = GIT_PROXY_AUTO  // http(s)_proxy / http.proxy, as git does

        do throws(GitError) {
            try withExtendedLifetime(session) { () throws(GitError) in
                // Connecting first tells "cannot reach the server" (a socket error, GIT_ERROR_OS in libgit2 1.5)
                // apart from failures while receiving or writing the pack.
                var callbacks = options.callbacks
                var proxy = options.proxy_opts
                do throws(GitError) {
                    try git("git_remote_connect") {
                        git_remote_connect(remote.pointer, GIT_DIRECTION_FETCH, &callbacks, &proxy, nil)
                    }
                } catch
                    where error.code == .other && error.errorClass == GIT_ERROR_OS.rawValue
                    && remoteURL.localPath == nil
                {
                    var error = error
                    error.code = .network
                    throw error
                }
                try withStringArray(Self.mirrorRefspecs) { (refspecs) throws(GitError) in
                    _ = try git("git_remote_fetch") {
                        git_remote_fetch(remote.pointer, refspecs, &options, "gitspaces: mirror \(remoteURL.display)")
                    }
                }
            }
        } catch {
            guard var stored = session.error else {
                // libssh2 can fail an offered key before our callback hears of the rejection: say what was offered.
                var error = error
                if error.code == .auth, let offered = session.credentials.offered {
                    error.message += " (offered \(offered))"
                }
                throw Self.fetchError(error, url: remoteURL)
            }
            stored.call = error.call
            throw Self.fetchError(stored, url: remoteURL)
        }

        let stats = git_remote_stats(remote.pointer)
        let defaultBranch = try remoteDefaultBranch(remote.pointer)
        if let defaultBranch {
            let reference = Self.branchPrefix + defaultBranch
            if try referenceExists(reference) {
                try git("git_repository_set_head") { git_repository_set_head(pointer, reference) }
            }
        }
        return FetchResult(
            receivedObjects: Int(stats?.pointee.received_objects ?? 0),
            receivedBytes: Int(stats?.pointee.received_bytes ?? 0),
            defaultBranch: defaultBranch)
    }

    /// The branch the remote's `HEAD` points to, from the fetch's ref advertisement; `nil` when unknown.
    private func remoteDefaultBranch(_ remote: OpaquePointer) throws(GitError) -> String? {
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        do {
            try git("git_remote_default_branch") { git_remote_default_branch(&buffer, remote) }
        } catch  where error.code == .notFound {
            return nil
        }
        guard let name = buffer.text, name.hasPrefix(Self.branchPrefix) else { return nil }
        return String(name.dropFirst(Self.branchPrefix.count))
    }

    /// Puts the URL (credentials masked) into libgit2's message so the error says which remote failed; any
    /// credentials libgit2 quoted are masked too.
    private static func fetchError(_ error: GitError, url: RemoteURL) -> GitError {
        var error = error
        error.message = url.masking(error.message)
        switch error.code {
        case .auth: error.message = "authentication failed for '\(url.display)': \(error.message)"
        case .certificate: error.message = "certificate of '\(url.display)' not accepted: \(error.message)"
        case .network: error.message = "cannot fetch '\(url.display)': \(error.message)"
        default: error.message = "fetching '\(url.display)' failed: \(error.message)"
        }
        return error
    }
}

/// Lends `strings` to libgit2 as a `git_strarray` for the duration of `body`.
private func withStringArray<Result>(
    _ strings: [String], _ body: (UnsafePointer<git_strarray>) throws(GitError) -> Result
) throws(GitError) -> Result {
    let copies = strings.map { strdup($0) }
    defer {
        for copy in copies { free(copy) }
    }
    var pointers = copies
    return try pointers.withUnsafeMutableBufferPointer { (buffer) throws(GitError) in
        var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
        return try body(&array)
    }
}
