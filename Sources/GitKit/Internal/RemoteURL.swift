import Foundation
import Redaction

/// A remote as the user wrote it, and as libgit2 is given it.
struct RemoteURL {
    /// What libgit2 connects to: the URL unchanged, or a local path as an absolute `file://` URL.
    let location: String
    /// The URL with any password in it masked, safe to put in messages.
    let display: String
    /// The URL as given, credentials included: never for messages (see `masking(_:)`).
    private let original: String
    /// The repository's path when it is on this machine (a path or a `file://` URL).
    let localPath: String?

    /// The schemes libgit2 1.5 can fetch from.
    static let schemes: Set<String> = ["https", "http", "ssh", "ssh+git", "git+ssh", "git", "file"]

    /// Accepts URLs with a supported scheme, scp-like SSH addresses and filesystem paths; any other
    /// `scheme://` is `.invalidSpec`.
    init(_ url: String) throws(GitError) {
        display = Redact.url(url)
        original = url
        if Self.isLocalPath(url) {
            let absolute = url.hasPrefix("/") ? url : FileManager.default.currentDirectoryPath + "/" + url
            let fileURL = URL(fileURLWithPath: absolute).standardized
            location = fileURL.absoluteString
            localPath = fileURL.path
            return
        }
        if let schemeEnd = url.range(of: "://") {
            let scheme = url[..<schemeEnd.lowerBound].lowercased()
            guard Self.schemes.contains(scheme) else {
                throw GitError(
                    code: .invalidSpec,
                    message: "unsupported URL scheme '\(scheme)' in '\(display)'; use https, ssh, git, file or a path",
                    call: "git_remote_create_anonymous")
            }
        }
        location = url
        localPath = url.lowercased().hasPrefix("file://") ? URL(string: url)?.path : nil
    }

    /// A plain filesystem path, as git decides: no `scheme://`, and no `host:` before the first `/`
    /// (which would make it scp-like SSH, `git@host:org/repo.git`).
    static func isLocalPath(_ url: String) -> Bool {
        if url.contains("://") { return false }
        guard let colon = url.firstIndex(of: ":") else { return true }
        return url[..<colon].contains("/")
    }

    /// `message` with this URL's credentials masked wherever it quotes them.
    func masking(_ message: String) -> String { Redact.text(message, quoting: original) }
}
