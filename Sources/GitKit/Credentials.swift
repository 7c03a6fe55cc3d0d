/// How to authenticate a fetch: a host-side secret named by its file, never the secret itself.
///
/// Secret files are read when a fetch starts; a missing or unreadable file fails the fetch with `.auth` naming
/// the file. Secrets never appear in errors or logs.
package struct Credentials: Sendable {
    enum Kind: Sendable, Hashable {
        case none
        case token(file: String, username: String)
        case sshKey(privateKey: String, publicKey: String?, passphraseFile: String?, username: String?)
    }

    let kind: Kind

    /// How often a fetch may hand these credentials to the server.
    ///
    /// libgit2 asks again after each rejection; past this many attempts the fetch fails with `.auth`.
    package var maxAttempts: Int = 3

    /// An OpenSSH known_hosts file that vouches for SSH servers' host keys, besides `~/.ssh/known_hosts`
    /// (which libgit2 consults itself). A server listed here with another key is refused; one not listed is
    /// left to libgit2's own check. Plain host names only (`host`, `[host]:port`, comma lists, `*`/`?`
    /// patterns); hashed entries (`|1|…`) are skipped.
    package var knownHostsFile: String?

    /// No credentials: for public remotes, `file://` and `git://`. A remote that asks for credentials fails
    /// with `.auth`.
    package static let none = Credentials(kind: .none)

    /// An HTTPS token read from `file` (surrounding whitespace and newlines trimmed), sent as the password
    /// of `username`.
    package static func token(file: String, username: String = "x-access-token") -> Credentials {
        Credentials(kind: .token(file: file, username: username))
    }

    /// An SSH key pair: the private key file, optionally its public key file and a file holding its passphrase.
    ///
    /// The user name defaults to the one in the URL (`git@host:…`), else `git`.
    package static func sshKey(
        privateKey: String,
        publicKey: String? = nil,
        passphraseFile: String? = nil,
        username: String? = nil,
        knownHosts: String? = nil
    ) -> Credentials {
        var credentials = Credentials(
            kind: .sshKey(
                privateKey: privateKey, publicKey: publicKey, passphraseFile: passphraseFile, username: username))
        credentials.knownHostsFile = knownHosts
        return credentials
    }
}
