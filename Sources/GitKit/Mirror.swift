import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Bare mirrors of remote repositories, one directory per remote.
package enum Mirror {
    /// Keeps a bare mirror of `url` at `directory`: creates it when missing (or empty), opens it otherwise, and
    /// fetches (see `Repository.fetchMirror`).
    ///
    /// A directory that holds something other than a repository is `.exists`. Processes syncing one mirror at
    /// once take turns (an exclusive `flock` on the mirror's directory) rather than fail on libgit2's `config.lock`.
    package static func sync(
        url: String,
        at directory: String,
        credentials: Credentials,
        progress: (@Sendable (FetchProgress) -> Void)? = nil
    ) throws(GitError) -> (Repository, FetchResult) {
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let lock = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if lock >= 0 {
            while flock(lock, LOCK_EX) != 0, errno == EINTR {}
        }
        defer { if lock >= 0 { close(lock) } }
        let repository = try openOrCreate(directory)
        let result = try repository.fetchMirror(from: url, credentials: credentials, progress: progress)
        return (repository, result)
    }

    private static func openOrCreate(_ directory: String) throws(GitError) -> Repository {
        let contents = try? FileManager.default.contentsOfDirectory(atPath: directory)
        if contents?.isEmpty ?? !FileManager.default.fileExists(atPath: directory) {
            return try Repository.initBare(at: directory)
        }
        do {
            return try Repository.open(at: directory)
        } catch  where error.code == .notFound {
            throw GitError(
                code: .exists,
                message: "'\(directory)' exists and is not a git repository; remove it or choose another directory",
                call: error.call)
        }
    }
}
