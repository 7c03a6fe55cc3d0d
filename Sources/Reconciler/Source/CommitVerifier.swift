import Foundation
package import GitKit

#if canImport(Glibc)
    import Glibc
#endif

/// Checks config commits' signatures against `CommitTrust` with the host's tools: `ssh-keygen -Y verify -n git`
/// for SSH signatures, `gpgv` for OpenPGP ones. No cryptography of its own. Blocking: call it off the
/// cooperative pool.
package struct CommitVerifier: Sendable {
    package var trust: CommitTrust
    /// The tools, by name (looked up in `PATH`) or path.
    package var sshKeygen = "ssh-keygen"
    package var gpgv = "gpgv"

    package init(trust: CommitTrust) {
        self.trust = trust
    }

    /// Checks one commit's signature (nil: the commit is unsigned).
    package func verify(_ signature: CommitSignature?) -> CommitVerification {
        guard let signature, !signature.signature.isEmpty else { return .unsigned }
        let armor = String(decoding: signature.signature.prefix(64), as: UTF8.self)
        let isSSH = armor.hasPrefix("-----BEGIN SSH SIGNATURE-----")
        let isPGP = armor.hasPrefix("-----BEGIN PGP SIGNATURE-----")
        guard isSSH || isPGP else {
            return .unknownKey(
                "it is neither an SSH nor an OpenPGP signature (X.509?), which gitspaces cannot check: sign config "
                    + "commits with an SSH key or an OpenPGP key")
        }
        guard let directory = Self.privateDirectory() else {
            return .verifierUnavailable(
                "no private temporary folder for the signature in \(NSTemporaryDirectory()) (errno \(errno))")
        }
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let signatureFile = directory + "/commit.sig"
        let payloadFile = directory + "/commit.payload"
        do {
            try Data(signature.signature).write(to: URL(fileURLWithPath: signatureFile))
            try Data(signature.signedData).write(to: URL(fileURLWithPath: payloadFile))
        } catch {
            return .verifierUnavailable("cannot write the signature to \(directory): \(error)")
        }
        return isSSH
            ? verifySSH(signature: signatureFile, payload: payloadFile)
            : verifyPGP(signature: signatureFile, payload: payloadFile, home: directory)
    }

    // MARK: - SSH

    private func verifySSH(signature: String, payload: String) -> CommitVerification {
        guard let allowedSigners = trust.allowedSigners else {
            return .unknownKey(
                "it is an SSH signature, and no allowed_signers file is given: add --verify-commits FILE listing "
                    + "the signer's key")
        }
        let tool = SignatureTool(name: sshKeygen)
        guard let path = tool.path else {
            return .verifierUnavailable("ssh-keygen is not installed: install OpenSSH's client (openssh-client)")
        }
        do {
            let found = try tool.run(path, ["-Y", "find-principals", "-s", signature, "-f", allowedSigners])
            guard found.succeeded else {
                let outcome = try unlistedSSHKey(tool, path, signature, payload, allowedSigners)
                // Anything but "no principal matched" is worth showing: a line of the file it could not read, say.
                guard case .unknownKey(let why) = outcome, !found.stderr.contains("No principal matched") else {
                    return outcome
                }
                return .unknownKey(why + " (ssh-keygen: \(found.reason))")
            }
            let principals = found.stdout.split(whereSeparator: { $0 == "\n" || $0 == "," })
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            var failure = "no principal of \(allowedSigners) matches"
            for principal in principals {
                let checked = try tool.run(
                    path, ["-Y", "verify", "-f", allowedSigners, "-I", principal, "-n", "git", "-s", signature],
                    input: payload)
                if checked.succeeded {
                    return .verified(signer: principal, key: Self.sshKey(in: checked.stdout + checked.stderr))
                }
                failure = "ssh-keygen: " + checked.reason
            }
            return .badSignature(failure)
        } catch {
            return .verifierUnavailable("ssh-keygen could not be run: \(error)")
        }
    }

    /// No principal matched: is the signature good in itself (an untrusted key), or not even that?
    private func unlistedSSHKey(
        _ tool: SignatureTool, _ path: String, _ signature: String, _ payload: String, _ allowedSigners: String
    ) throws -> CommitVerification {
        let alone = try tool.run(path, ["-Y", "check-novalidate", "-n", "git", "-s", signature], input: payload)
        guard alone.succeeded else {
            if alone.stderr.contains("usage:") || alone.stderr.contains("illegal option") {
                return .verifierUnavailable(
                    "this ssh-keygen cannot check signatures (-Y needs OpenSSH 8.2 or later): \(alone.reason)")
            }
            return .badSignature("ssh-keygen: " + alone.reason)
        }
        return .unknownKey(
            "\(Self.sshKey(in: alone.stdout + alone.stderr)) is not in \(allowedSigners): if it is the signer's, "
                + "add a line `PRINCIPAL namespaces=\"git\" KEYTYPE KEY` with its public key there, else sign with "
                + "a listed key")
    }

    /// `ED25519 key SHA256:…` from ssh-keygen's `Good "git" signature … with ED25519 key SHA256:…`.
    private static func sshKey(in output: String) -> String {
        let line = output.split(separator: "\n").first(where: { $0.contains(" with ") }) ?? ""
        guard let with = line.range(of: " with ", options: .backwards) else { return "an SSH key" }
        return line[with.upperBound...].trimmingCharacters(in: .whitespaces)
    }

    // MARK: - OpenPGP

    private func verifyPGP(signature: String, payload: String, home: String) -> CommitVerification {
        guard let keyring = trust.gpgKeyring else {
            return .unknownKey(
                "it is an OpenPGP signature, and no keyring is given: add --verify-commits-gpg KEYRING holding the "
                    + "signer's public key (gpg --export KEYID > KEYRING)")
        }
        let tool = SignatureTool(name: gpgv)
        guard let path = tool.path else {
            return .verifierUnavailable("gpgv is not installed: install it (Debian: gpgv)")
        }
        let output: SignatureTool.Output
        do {
            // GNUPGHOME in the private folder: gpgv neither reads nor writes the user's own keyrings.
            output = try tool.run(
                path, ["--status-fd", "1", "--keyring", keyring, signature, payload],
                environment: ["GNUPGHOME": home, "LC_ALL": "C"])
        } catch {
            return .verifierUnavailable("gpgv could not be run: \(error)")
        }
        // gpgv's machine-readable status lines (`[GNUPG:] KEYWORD ARGS`, see GnuPG's doc/DETAILS).
        var status: [String: [String]] = [:]
        for line in output.stdout.split(separator: "\n") where line.hasPrefix("[GNUPG:] ") {
            let fields = line.dropFirst("[GNUPG:] ".count).split(separator: " ").map(String.init)
            if let keyword = fields.first { status[keyword] = Array(fields.dropFirst()) }
        }
        if output.succeeded, let good = status["GOODSIG"], let valid = status["VALIDSIG"], let fingerprint = valid.first
        {
            return .verified(signer: good.dropFirst().joined(separator: " "), key: "OpenPGP key \(fingerprint)")
        }
        if let bad = status["BADSIG"] {
            return .badSignature("gpgv: BAD signature from key \(bad.first ?? "?")")
        }
        if let missing = status["NO_PUBKEY"] ?? status["ERRSIG"] {
            let key = missing.first ?? "?"
            return .unknownKey(
                "OpenPGP key \(key) is not in \(keyring): if it is the signer's, add it with "
                    + "`gpg --export \(key) >> \(keyring)`, else sign with a key in the keyring")
        }
        for keyword in ["REVKEYSIG", "EXPKEYSIG", "EXPSIG"] {
            if let fields = status[keyword] {
                let what = keyword == "REVKEYSIG" ? "revoked" : "expired"
                return .unknownKey(
                    "OpenPGP key \(fields.first ?? "?") in \(keyring) has \(what): sign with a valid key, or renew it "
                        + "and export it into the keyring again")
            }
        }
        return .verifierUnavailable("gpgv could not check it: \(output.reason)")
    }

    // MARK: - Files

    /// A new folder only this user can read (mkdtemp: mode 0700), for the signature, the payload and gpgv's home.
    private static func privateDirectory() -> String? {
        var template = Array((NSTemporaryDirectory() + "/gitspaces-verify-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }
        }
        guard made != nil else { return nil }
        return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
