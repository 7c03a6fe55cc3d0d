import GitKit
package import GitspacesCore
import Redaction

/// Where manifests are read from: a folder on disk, or a git repository at a revision.
package enum ConfigSource: Sendable, Hashable, CustomStringConvertible {
    case directory(String)
    /// `repo` is a local path or a remote URL; `path` limits reading to a folder of the repository.
    case git(repo: String, revision: String, path: String?)

    package var description: String {
        switch self {
        case .directory(let path): return path
        case .git(let repo, let revision, let path):
            return "\(Redact.url(repo))@\(revision)" + (path.map { ":\($0)" } ?? "")
        }
    }

    /// Whether `repo` names a remote (to be mirrored) rather than a repository on this machine.
    package static func isRemote(_ repo: String) -> Bool {
        if repo.contains("://") { return !repo.hasPrefix("file://") }
        // scp-like user@host:path, as git reads it: a colon before any slash.
        guard let colon = repo.firstIndex(of: ":") else { return false }
        return !repo[..<colon].contains("/")
    }
}

/// The manifest files of one config revision.
package struct ConfigSnapshot: Sendable {
    package var files: [SourceFile]
    /// The commit read, for git sources.
    package var commit: String?
    /// Who signed the commit, when it was read with a verifier (`--verify-commits`): always `.verified`.
    package var verification: CommitVerification?

    package init(files: [SourceFile], commit: String?) {
        self.files = files
        self.commit = commit
    }
}

/// Reading a config source failed: the folder or repository is not there, a revision or path
/// is missing, or git failed.
package struct ConfigSourceError: Error, Sendable, CustomStringConvertible {
    package enum Code: Sendable {
        /// The user named something that does not exist (a folder, a revision, a path).
        case notFound
        /// Fetching or reading git failed.
        case git
        case io
        /// `--verify-commits` is on and the commit's signature is missing, untrusted or bad (`commit` says which).
        case unverified
    }

    package var code: Code
    package var message: String
    /// The commit concerned, when there is one (for `.unverified`).
    package var commit: String?
    /// What checking the commit's signature found (for `.unverified`).
    package var verification: CommitVerification?

    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = Redact.text(message)
    }

    package var description: String { message }
}
