/// A failed git operation: what kind of failure, libgit2's (or GitKit's) message, and the call that failed.
///
/// Messages never contain secrets: credentials are referred to by the file they come from.
package struct GitError: Error, Sendable, CustomStringConvertible {
    /// The kinds of failure callers tell apart.
    package enum Code: Sendable {
        /// A repository, revision, object or path does not exist.
        case notFound
        /// Something is in the way, such as a directory that is not a repository.
        case exists
        /// A short object id or revision matches more than one object.
        case ambiguous
        /// The remote rejected or required credentials, or a secret file could not be read.
        case auth
        /// The server's TLS certificate or SSH host key was not accepted.
        case certificate
        /// The remote could not be reached or the transfer failed.
        case network
        /// A lock file is held, usually by a concurrent git process.
        case locked
        /// A revision, refspec or path is not well-formed.
        case invalidSpec
        /// The operation does not apply here, such as fetching a mirror into a repository with a work tree.
        case unsupported
        /// A callback supplied by GitKit's caller failed.
        case user
        /// Anything else; the message says what.
        case other
    }

    /// The kind of failure.
    package var code: Code
    /// What went wrong: libgit2's message (decoded with repair) or GitKit's.
    package var message: String
    /// The failing libgit2 call, for example `"git_remote_fetch"`.
    package var call: String
    /// libgit2's error class (`GIT_ERROR_*`), 0 when the error is GitKit's own.
    var errorClass: UInt32 = 0

    /// Creates an error.
    package init(code: Code, message: String, call: String) {
        self.code = code
        self.message = message
        self.call = call
    }

    /// `call: message`, for example `git_remote_fetch: authentication failed for 'https://…': …`.
    package var description: String { "\(call): \(message)" }
}
