import Redaction

/// A personal dotfiles repository installed into a Gitspace's home: `spec.dotfiles`, or the Policy's default for
/// the Gitspace's `owner`.
///
/// It is cloned on the host into the remote user's `~/dotfiles` when the container is created; then, after
/// `postCreateCommand`, `installCommand` runs there as the remote user. Without one, the first of
/// `defaultInstallCommands` that the repository holds runs; with none of them, the top-level dotfiles are linked
/// into the home (the conventions of the devcontainer CLI and Codespaces). A change is applied in place at the next
/// start: it is never part of the container's spec hash.
package struct Dotfiles: Sendable, Hashable, Codable {
    package var repo: String
    /// The branch to install; nil means the remote's HEAD.
    package var branch: String?
    /// A path to the script to run, relative to the repository root; nil means the first default that exists.
    package var installCommand: String?
    /// The name of a host-side secret to fetch `repo` with; by default the Gitspace's `credentials` when `repo` is
    /// on the same host as the Gitspace's source, else none (a token is never sent to another host).
    package var credentials: String?

    /// The scripts looked for, in this order, when no `installCommand` is given (as the devcontainer CLI and
    /// Codespaces do, and `script/install`).
    package static let defaultInstallCommands = [
        "install.sh", "install", "bootstrap.sh", "bootstrap", "script/bootstrap", "setup.sh", "setup",
        "script/setup", "script/install",
    ]

    /// The folder in the remote user's home the repository is copied to.
    package static let folder = "dotfiles"

    package init(repo: String, branch: String? = nil, installCommand: String? = nil, credentials: String? = nil) {
        self.repo = repo
        self.branch = branch
        self.installCommand = installCommand
        self.credentials = credentials
    }

    /// The same, with any credentials in the URL masked: what plans, labels and status show.
    package var masked: Dotfiles {
        var copy = self
        copy.repo = Redact.url(repo)
        return copy
    }

    /// The host of a repository URL (`https://host/…`, `ssh://user@host:22/…`, `user@host:path`), lowercased; nil for
    /// a local path or `file://` URL.
    package static func host(of url: String) -> String? {
        var rest = Substring(url)
        if let scheme = url.firstIndex(of: ":"), url[scheme...].hasPrefix("://") {
            if url[..<scheme].lowercased() == "file" { return nil }
            rest = url[url.index(scheme, offsetBy: 3)...]
            rest = rest.prefix { $0 != "/" }
        } else {
            guard !url.hasPrefix("/"), let colon = url.firstIndex(of: ":") else { return nil }
            rest = url[..<colon]
        }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        if rest.hasPrefix("[") {
            rest = rest.prefix { $0 != "]" }.dropFirst()
        } else if let colon = rest.firstIndex(of: ":") {
            rest = rest[..<colon]
        }
        return rest.isEmpty ? nil : rest.lowercased()
    }
}

extension Gitspace {
    /// Fills in `dotfiles` from the Policy's default for the owner when the manifest sets none, and the credentials
    /// of the source when the dotfiles live on the same host.
    mutating func resolveDotfiles(policy: Policy) {
        if dotfiles == nil, let owner, let fallback = policy.dotfiles[owner] { dotfiles = fallback }
        guard var chosen = dotfiles else { return }
        if chosen.credentials == nil, let credentials, let host = Dotfiles.host(of: chosen.repo),
            host == Dotfiles.host(of: repo)
        {
            chosen.credentials = credentials
        }
        dotfiles = chosen
    }
}
