import ArgumentParser
import Reconciler

/// `--verify-commits` and `--verify-commits-gpg`: apply only config commits signed by a trusted key.
struct VerifyCommitsOptions: ParsableArguments {
    @Option(
        name: .customLong("verify-commits"),
        help: ArgumentHelp(
            "Read only config commits signed by a key in this OpenSSH allowed_signers file (ssh-keygen -Y verify).",
            valueName: "allowed-signers"))
    var allowedSigners: String?

    @Option(
        name: .customLong("verify-commits-gpg"),
        help: ArgumentHelp(
            "Accept OpenPGP-signed config commits whose key is in this binary keyring (gpgv; gpg --export KEYID).",
            valueName: "keyring"))
    var gpgKeyring: String?

    /// Whether either option is given.
    var isGiven: Bool { allowedSigners != nil || gpgKeyring != nil }

    func validate() throws { _ = try verifier }

    /// The verifier the options ask for; nil when neither is given. A missing or unusable file is a usage error.
    var verifier: CommitVerifier? {
        get throws {
            do {
                return try CommitTrust.checked(allowedSigners: allowedSigners, gpgKeyring: gpgKeyring)
                    .map(CommitVerifier.init(trust:))
            } catch {
                throw ValidationError(error.message)
            }
        }
    }

    /// A usage error unless the commands reads a git repository: signatures are on commits.
    func requireRepository(_ reading: Bool) throws {
        guard isGiven, !reading else { return }
        throw ValidationError("--verify-commits and --verify-commits-gpg check commits: read them with --repo.")
    }
}
