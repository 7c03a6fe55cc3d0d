import Foundation

/// A throwaway ed25519 SSH key for signing commits, made with `ssh-keygen`.
package struct SSHSigningKey: Sendable {
    /// The private key file (no passphrase).
    package let privateKey: String
    /// The public key as `ssh-ed25519 AAAA…`.
    package let publicKey: String
    /// The name the key is listed under in an allowed_signers file.
    package let principal: String

    /// Generates a key at `folder/name`.
    package static func generate(in folder: String, name: String, principal: String) throws -> SSHSigningKey {
        let path = folder + "/" + name
        try run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", principal, "-f", path])
        let line = try String(contentsOfFile: path + ".pub", encoding: .utf8)
        let publicKey = line.split(separator: " ").prefix(2).joined(separator: " ")
        return SSHSigningKey(privateKey: path, publicKey: publicKey, principal: principal)
    }

    /// The key's line in an allowed_signers file, for git's namespace.
    package var allowedSignersLine: String { "\(principal) namespaces=\"git\" \(publicKey)" }

    /// Writes an allowed_signers file listing `keys` at `path`; returns `path`.
    @discardableResult
    package static func writeAllowedSigners(_ keys: [SSHSigningKey], to path: String) throws -> String {
        try Data(keys.map { $0.allowedSignersLine + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}

/// A throwaway OpenPGP key in a GnuPG home of its own (no passphrase), made with `gpg --quick-gen-key`.
package struct GPGSigningKey: Sendable {
    /// The GnuPG home holding the secret key.
    package let home: String
    /// The user id, which is also what `user.signingkey` names.
    package let email: String

    /// Generates a key in `folder/name` (created with mode 0700, as gpg wants).
    package static func generate(in folder: String, name: String, email: String) throws -> GPGSigningKey {
        let home = folder + "/" + name
        try FileManager.default.createDirectory(
            atPath: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let key = GPGSigningKey(home: home, email: email)
        try key.gpg(["--quick-gen-key", "Test Signer <\(email)>", "ed25519", "sign", "never"])
        return key
    }

    /// Exports the public key, binary, as gpgv reads keyrings; `armor` writes the ASCII form instead.
    @discardableResult
    package func exportKeyring(to path: String, armor: Bool = false) throws -> String {
        try gpg((armor ? ["--armor"] : []) + ["--output", path, "--export", email])
        return path
    }

    /// Stops the gpg-agent signing started in this home.
    package func stopAgent() {
        _ = try? run("gpgconf", ["--kill", "gpg-agent"], env: ["GNUPGHOME": home], check: false)
    }

    @discardableResult
    private func gpg(_ arguments: [String]) throws -> String {
        try run(
            "gpg", ["--batch", "--quiet", "--pinentry-mode", "loopback", "--passphrase", ""] + arguments,
            env: ["GNUPGHOME": home]
        ).stdout
    }
}

extension GitFixture {
    /// Stages everything and commits it signed with an SSH key; returns the commit's SHA.
    @discardableResult
    package func commitSigned(_ message: String, with key: SSHSigningKey) throws -> String {
        try git("add", "--all")
        try git(
            "-c", "gpg.format=ssh", "-c", "user.signingkey=\(key.privateKey)", "commit", "--quiet", "--allow-empty",
            "-S", "-m", message)
        return try git("rev-parse", "HEAD")
    }

    /// Stages everything and commits it signed with an OpenPGP key; returns the commit's SHA.
    @discardableResult
    package func commitSigned(_ message: String, with key: GPGSigningKey) throws -> String {
        try git("add", "--all")
        try run(
            "git",
            [
                "-c", "gpg.format=openpgp", "-c", "user.signingkey=\(key.email)", "commit", "--quiet", "--allow-empty",
                "-S", "-m", message,
            ], cwd: path, env: Self.environment.merging(["GNUPGHOME": key.home]) { _, new in new })
        return try git("rev-parse", "HEAD")
    }

    /// Forges a commit: `signed`'s object, signature included, with its tree swapped for `tree`'s (a commit whose
    /// tree to take), written into the object database and made the branch `branch`'s head. Returns its SHA.
    @discardableResult
    package func forge(_ signed: String, withTreeOf tree: String, onto branch: String = "main") throws -> String {
        let original = try git("cat-file", "commit", signed)
        let newTree = try git("rev-parse", "\(tree)^{tree}")
        var lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[0] = "tree \(newTree)"
        let file = path + "/.git/gitspaces-forged-commit"
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let forged = try git("hash-object", "-t", "commit", "-w", file)
        try git("update-ref", "refs/heads/\(branch)", forged)
        return forged
    }
}
