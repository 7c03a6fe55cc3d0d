internal import CGit2

/// A git repository on disk, bare or with a work tree.
///
/// Not `Sendable`: use a repository from one thread at a time (open one per task). Everything it returns is
/// a `Sendable` value. Calls block; run them off the cooperative thread pool.
package final class Repository {
    let pointer: OpaquePointer

    private init(pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        git_repository_free(pointer)
    }

    /// Opens the repository at `path`: a bare repository's directory, or a work tree (or its `.git`).
    ///
    /// Parent directories are not searched. No repository there is `.notFound`.
    package static func open(at path: String) throws(GitError) -> Repository {
        _ = libgit2Runtime
        var raw: OpaquePointer?
        try git("git_repository_open") { git_repository_open(&raw, path) }
        return try Repository(created: raw, call: "git_repository_open")
    }

    /// Creates a bare repository at `path` (and any missing parent directories), or reopens one already there.
    package static func initBare(at path: String) throws(GitError) -> Repository {
        _ = libgit2Runtime
        var raw: OpaquePointer?
        try git("git_repository_init") { git_repository_init(&raw, path, 1) }
        return try Repository(created: raw, call: "git_repository_init")
    }

    private convenience init(created raw: OpaquePointer?, call: String) throws(GitError) {
        guard let raw else {
            throw GitError(code: .other, message: "libgit2 reported success but returned no repository", call: call)
        }
        self.init(pointer: raw)
    }

    /// The work tree of a repository that has one, else the repository directory; no trailing `/`.
    package var path: String {
        guard let directory = git_repository_workdir(pointer) ?? git_repository_path(pointer) else { return "" }
        let path = decodeCString(directory)
        return path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    /// Whether the repository has no work tree.
    package var isBare: Bool {
        git_repository_is_bare(pointer) == 1
    }
}
