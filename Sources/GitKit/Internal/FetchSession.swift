internal import CGit2

/// The payload of one fetch's libgit2 callbacks: credentials, the attempt count, progress and the first
/// Swift error a callback raised (rethrown once libgit2 returns).
final class FetchSession {
    let credentials: LoadedCredentials
    let progress: (@Sendable (FetchProgress) -> Void)?
    /// The port of an SSH remote, to find `[host]:port` in known_hosts.
    var sshPort = 22
    private(set) var attempts = 0
    var error: GitError?

    init(credentials: LoadedCredentials, progress: (@Sendable (FetchProgress) -> Void)?) {
        self.credentials = credentials
        self.progress = progress
    }

    /// Answers libgit2's request for credentials, or stores an error and returns `GIT_EUSER`.
    func acquire(
        _ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>, usernameFromURL: String?,
        allowedTypes: UInt32
    ) -> Int32 {
        do {
            try provide(out, usernameFromURL: usernameFromURL, allowedTypes: allowedTypes)
            return 0
        } catch {
            self.error = error
            return GIT_EUSER.rawValue
        }
    }

    private func provide(
        _ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>, usernameFromURL: String?,
        allowedTypes: UInt32
    ) throws(GitError) {
        func allows(_ type: git_credential_t) -> Bool { allowedTypes & type.rawValue != 0 }
        switch credentials.secret {
        case .none:
            throw authError("the server asks for credentials, but none are configured for this remote")
        case .token(let username, let token, let file):
            guard allows(GIT_CREDENTIAL_USERPASS_PLAINTEXT) else {
                throw authError(
                    "the server does not accept a token (from '\(file)'); it asks for \(describe(allowedTypes))")
            }
            try countAttempt(rejected: "the token from '\(file)'")
            try git("git_credential_userpass_plaintext_new") {
                git_credential_userpass_plaintext_new(out, username, token)
            }
        case .sshKey(let username, let publicKey, let privateKey, let passphrase):
            let user = username ?? usernameFromURL ?? "git"
            if allows(GIT_CREDENTIAL_SSH_KEY) {
                try countAttempt(rejected: "the SSH key '\(privateKey)' for user '\(user)'")
                try git("git_credential_ssh_key_new") {
                    git_credential_ssh_key_new(out, user, publicKey, privateKey, passphrase)
                }
            } else if allows(GIT_CREDENTIAL_USERNAME) {
                try git("git_credential_username_new") { git_credential_username_new(out, user) }
            } else {
                throw authError(
                    "the server does not accept an SSH key ('\(privateKey)'); it asks for \(describe(allowedTypes))")
            }
        }
    }

    private func countAttempt(rejected what: String) throws(GitError) {
        attempts += 1
        guard attempts <= credentials.maxAttempts else {
            throw authError("the server rejected \(what) (\(credentials.maxAttempts) attempts)")
        }
    }

    /// The call is filled in with the libgit2 call that invoked the callback, once it returns.
    private func authError(_ detail: String) -> GitError {
        GitError(code: .auth, message: detail, call: "git_credential_acquire_cb")
    }

    private func describe(_ allowedTypes: UInt32) -> String {
        let names: [(git_credential_t, String)] = [
            (GIT_CREDENTIAL_USERPASS_PLAINTEXT, "a user name and password"),
            (GIT_CREDENTIAL_SSH_KEY, "an SSH key"),
            (GIT_CREDENTIAL_SSH_CUSTOM, "a custom SSH signature"),
            (GIT_CREDENTIAL_DEFAULT, "Negotiate/NTLM"),
            (GIT_CREDENTIAL_SSH_INTERACTIVE, "SSH keyboard-interactive"),
            (GIT_CREDENTIAL_USERNAME, "a user name"),
            (GIT_CREDENTIAL_SSH_MEMORY, "an SSH key"),
        ]
        var described: [String] = []
        for (type, name) in names where allowedTypes & type.rawValue != 0 && !described.contains(name) {
            described.append(name)
        }
        return described.isEmpty ? "nothing GitKit can provide" : described.joined(separator: " or ")
    }
}

let fetchCredentialsCallback: git_credential_acquire_cb = { out, _, usernameFromURL, allowedTypes, payload in
    guard let out, let payload else { return GIT_EUSER.rawValue }
    let session = Unmanaged<FetchSession>.fromOpaque(payload).takeUnretainedValue()
    return session.acquire(out, usernameFromURL: usernameFromURL.map(decodeCString), allowedTypes: allowedTypes)
}

/// Vouches for an SSH host key from the credentials' known_hosts; anything else is left to libgit2.
let fetchCertificateCallback: git_transport_certificate_check_cb = { cert, _, host, payload in
    guard let cert, let payload, let host, cert.pointee.cert_type == GIT_CERT_HOSTKEY_LIBSSH2 else {
        return GIT_PASSTHROUGH.rawValue
    }
    let session = Unmanaged<FetchSession>.fromOpaque(payload).takeUnretainedValue()
    guard let known = session.credentials.knownHosts else { return GIT_PASSTHROUGH.rawValue }
    let hostKey = UnsafeRawPointer(cert).assumingMemoryBound(to: git_cert_hostkey.self).pointee
    guard hostKey.type.rawValue & GIT_CERT_SSH_RAW.rawValue != 0, let raw = hostKey.hostkey else {
        return GIT_PASSTHROUGH.rawValue
    }
    let key = Array(UnsafeRawBufferPointer(start: raw, count: hostKey.hostkey_len))
    let name = decodeCString(host)
    switch known.hosts.verdict(host: name, port: session.sshPort, key: key) {
    case .trusted: return 0
    case .unknown: return GIT_PASSTHROUGH.rawValue
    case .mismatch:
        session.error = GitError(
            code: .certificate,
            message: "the SSH host key of \(name) is not the one '\(known.file)' lists for it: refusing to connect",
            call: "git_transport_certificate_check_cb")
        return GIT_ECERTIFICATE.rawValue
    }
}

let fetchProgressCallback: git_indexer_progress_cb = { stats, payload in
    guard let stats, let payload else { return 0 }
    let session = Unmanaged<FetchSession>.fromOpaque(payload).takeUnretainedValue()
    session.progress?(
        FetchProgress(
            receivedObjects: Int(stats.pointee.received_objects),
            totalObjects: Int(stats.pointee.total_objects),
            indexedObjects: Int(stats.pointee.indexed_objects),
            receivedBytes: Int(stats.pointee.received_bytes)))
    return 0
}
