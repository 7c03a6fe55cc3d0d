import Foundation

/// Credentials with their secrets read into memory for the duration of one fetch.
struct LoadedCredentials {
    enum Secret {
        case none
        case token(username: String, token: String, file: String)
        case sshKey(username: String?, publicKey: String?, privateKey: String, passphrase: String?)
    }

    let secret: Secret
    let maxAttempts: Int
    /// The extra known_hosts, when one was given, and its file for messages.
    var knownHosts: (file: String, hosts: KnownHosts)?

    /// Which secret was offered, for an error message (a file path, never the secret); nil when none.
    var offered: String? {
        switch secret {
        case .none: nil
        case .token(_, _, let file): "the token from '\(file)'"
        case .sshKey(let username, _, let privateKey, _):
            "the SSH key '\(privateKey)'" + (username.map { " for user '\($0)'" } ?? "")
        }
    }
}

extension Credentials {
    /// Reads the secret files; a file that is missing, unreadable or empty is an `.auth` error naming it.
    func load(for url: String) throws(GitError) -> LoadedCredentials {
        switch kind {
        case .none:
            return LoadedCredentials(secret: .none, maxAttempts: maxAttempts)
        case .token(let file, let username):
            let token = try Self.readSecret(file, what: "token file", for: url)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.isEmpty else {
                throw Self.error("token file '\(file)' is empty; it must hold the access token for '\(url)'")
            }
            return LoadedCredentials(
                secret: .token(username: username, token: token, file: file), maxAttempts: maxAttempts)
        case .sshKey(let privateKey, let publicKey, let passphraseFile, let username):
            try Self.requireReadable(privateKey, what: "SSH private key file", for: url)
            if let publicKey {
                try Self.requireReadable(publicKey, what: "SSH public key file", for: url)
            }
            let passphrase = try passphraseFile.map { (file) throws(GitError) in
                try Self.readSecret(file, what: "SSH passphrase file", for: url)
                    .trimmingCharacters(in: .newlines)
            }
            var loaded = LoadedCredentials(
                secret: .sshKey(
                    username: username, publicKey: publicKey, privateKey: privateKey, passphrase: passphrase),
                maxAttempts: maxAttempts)
            if let file = knownHostsFile {
                loaded.knownHosts = (
                    file, KnownHosts(text: try Self.readSecret(file, what: "known_hosts file", for: url))
                )
            }
            return loaded
        }
    }

    private static func readSecret(_ file: String, what: String, for url: String) throws(GitError) -> String {
        try requireReadable(file, what: what, for: url)
        guard let data = FileManager.default.contents(atPath: file) else {
            throw error("\(what) '\(file)' cannot be read (needed for '\(url)')")
        }
        return String(decoding: data, as: UTF8.self)
    }

    private static func requireReadable(_ file: String, what: String, for url: String) throws(GitError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else {
            throw error("\(what) '\(file)' does not exist (needed for '\(url)')")
        }
        guard !isDirectory.boolValue, FileManager.default.isReadableFile(atPath: file) else {
            throw error("\(what) '\(file)' is not a readable file (needed for '\(url)')")
        }
    }

    private static func error(_ message: String) -> GitError {
        GitError(code: .auth, message: message, call: "credentials")
    }
}
