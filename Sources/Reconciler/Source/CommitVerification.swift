/// What checking a config commit's signature found. Anything but `verified` keeps the commit from being
/// applied, as an invalid commit is kept.
package enum CommitVerification: Sendable, Hashable {
    /// Signed by a trusted key: the principal (SSH) or user id (OpenPGP), and the key.
    case verified(signer: String, key: String)
    /// The commit carries no signature.
    case unsigned
    /// Signed, by a key none of the trust files lists (or of a kind they cannot hold): which key, what to do.
    case unknownKey(String)
    /// The signature does not verify: the commit changed after signing, or the signature is not for git.
    case badSignature(String)
    /// The signature could not be checked here (ssh-keygen or gpgv is missing or failed): what to do.
    case verifierUnavailable(String)

    /// Whether the commit may be applied.
    package var isVerified: Bool {
        if case .verified = self { return true }
        return false
    }

    /// One line about `commit` (a full or short SHA) for logs, errors and status: who signed it, or why it is
    /// not applied and what to do. `trust` names the files the keys come from.
    package func describe(commit: String, trust: CommitTrust) -> String {
        let short = String(commit.prefix(12))
        switch self {
        case .verified(let signer, let key):
            return "commit \(short) is signed by \(signer) (\(key))"
        case .unsigned:
            return "commit \(short) is not signed, and only commits signed by a key in \(trust.files) are applied: "
                + "sign it (git commit --amend -S, with gpg.format=ssh and user.signingkey for an SSH key) "
                + "and push it again"
        case .unknownKey(let why):
            return "commit \(short) is signed by a key that is not trusted: \(why)"
        case .badSignature(let why):
            return "commit \(short) has a signature that does not verify (\(why)): the commit was changed after "
                + "it was signed, or signed for something else; find out who pushed it, and push a newly signed "
                + "commit from a known-good state"
        case .verifierUnavailable(let why):
            return "the signature of commit \(short) cannot be checked: \(why)"
        }
    }
}
