import Foundation
import GitspacesTestSupport
import Reconciler
import Testing

/// `--verify-commits` at the config reader: real commits signed with real keys, checked by the host's
/// ssh-keygen and gpgv.
@Suite struct CommitVerifierTests {
    /// A config repository with a trusted and an untrusted SSH key, and an allowed_signers file naming the first.
    struct World {
        let folder: TemporaryDirectory
        let repo: GitFixture
        let trusted: SSHSigningKey
        let stranger: SSHSigningKey
        let allowedSigners: String

        init() throws {
            folder = try TemporaryDirectory()
            repo = try GitFixture(at: folder.appending("config"))
            trusted = try SSHSigningKey.generate(in: folder.path, name: "alice", principal: "alice@example.com")
            stranger = try SSHSigningKey.generate(in: folder.path, name: "mallory", principal: "mallory@example.com")
            allowedSigners = try SSHSigningKey.writeAllowedSigners([trusted], to: folder.appending("allowed_signers"))
            try repo.write("a.yaml", "kind: Policy\n")
        }

        func reader(allowedSigners: String? = nil, gpgKeyring: String? = nil) throws -> ConfigReader {
            let trust = try #require(
                try CommitTrust.checked(allowedSigners: allowedSigners ?? self.allowedSigners, gpgKeyring: gpgKeyring))
            return ConfigReader(mirrorsDirectory: folder.appending("mirrors"), verifier: CommitVerifier(trust: trust))
        }

        /// The refusal of reading `revision`, or nil when it was read.
        func refusal(_ revision: String, reader: ConfigReader) -> ConfigSourceError? {
            do {
                _ = try reader.read(.git(repo: repo.path, revision: revision, path: nil))
                return nil
            } catch {
                return error
            }
        }
    }

    @Test func aCommitSignedByATrustedSSHKeyIsRead() throws {
        let world = try World()
        defer { world.folder.remove() }
        let commit = try world.repo.commitSigned("signed", with: world.trusted)

        let snapshot = try world.reader().read(.git(repo: world.repo.path, revision: "HEAD", path: nil))

        #expect(snapshot.commit == commit)
        #expect(snapshot.files.map(\.path) == ["a.yaml"])
        guard case .verified(let signer, let key) = snapshot.verification else {
            Issue.record("expected a verified commit, got \(String(describing: snapshot.verification))")
            return
        }
        #expect(signer == "alice@example.com")
        #expect(key.hasPrefix("ED25519 key SHA256:"))
    }

    @Test func anUnsignedCommitIsRefusedWithWhatToDo() throws {
        let world = try World()
        defer { world.folder.remove() }
        let commit = try world.repo.commit("unsigned")

        let error = try #require(world.refusal("HEAD", reader: try world.reader()))

        #expect(error.code == .unverified)
        #expect(error.commit == commit)
        #expect(error.verification == .unsigned)
        #expect(error.message.contains("commit \(commit.prefix(12)) is not signed"))
        #expect(error.message.contains(world.allowedSigners))
        #expect(error.message.contains("git commit --amend -S"))
    }

    @Test func aCommitSignedByAKeyThatIsNotListedIsRefusedNamingTheKey() throws {
        let world = try World()
        defer { world.folder.remove() }
        try world.repo.commitSigned("by a stranger", with: world.stranger)
        let fingerprint = try run("ssh-keygen", ["-l", "-f", world.stranger.privateKey + ".pub"]).stdout
            .split(separator: " ")[1]

        let error = try #require(world.refusal("HEAD", reader: try world.reader()))

        #expect(error.code == .unverified)
        guard case .unknownKey(let why) = error.verification else {
            Issue.record("expected an unknown key, got \(String(describing: error.verification))")
            return
        }
        #expect(why.contains("ED25519 key \(fingerprint) is not in \(world.allowedSigners)"))
        #expect(error.message.contains("not trusted"))
    }

    @Test func aTamperedCommitWithTheOldSignatureIsABadSignature() throws {
        let world = try World()
        defer { world.folder.remove() }
        let signed = try world.repo.commitSigned("signed", with: world.trusted)
        try world.repo.write("evil.yaml", "kind: Policy\n")
        let other = try world.repo.commit("another tree")
        let forged = try world.repo.forge(signed, withTreeOf: other)
        #expect(try world.repo.git("cat-file", "commit", forged).contains("-----BEGIN SSH SIGNATURE-----"))

        let error = try #require(world.refusal("main", reader: try world.reader()))

        #expect(error.commit == forged)
        guard case .badSignature = error.verification else {
            Issue.record("expected a bad signature, got \(String(describing: error.verification))")
            return
        }
        #expect(error.message.contains("changed after it was signed"))
        // The signed original still verifies.
        #expect(world.refusal(signed, reader: try world.reader()) == nil)
    }

    @Test func openPGPSignaturesAreCheckedWithGpgvAgainstTheKeyring() throws {
        let world = try World()
        defer { world.folder.remove() }
        let key = try GPGSigningKey.generate(in: world.folder.path, name: "gnupg", email: "carol@example.com")
        defer { key.stopAgent() }
        let keyring = try key.exportKeyring(to: world.folder.appending("trusted.gpg"))
        let signed = try world.repo.commitSigned("openpgp", with: key)

        let snapshot = try world.reader(gpgKeyring: keyring).read(
            .git(repo: world.repo.path, revision: "HEAD", path: nil))
        #expect(snapshot.commit == signed)

        // Without a keyring, an OpenPGP signature has no trusted key.
        let withoutKeyring = try #require(world.refusal("HEAD", reader: try world.reader()))
        #expect(withoutKeyring.message.contains("--verify-commits-gpg"))
        // A keyring without the signer's key.
        let other = try GPGSigningKey.generate(in: world.folder.path, name: "gnupg-other", email: "dave@example.com")
        defer { other.stopAgent() }
        let otherRing = try other.exportKeyring(to: world.folder.appending("other.gpg"))
        let unknown = try #require(world.refusal("HEAD", reader: try world.reader(gpgKeyring: otherRing)))
        guard case .unknownKey(let why) = unknown.verification else {
            Issue.record("expected an unknown key, got \(String(describing: unknown.verification))")
            return
        }
        #expect(why.contains("is not in \(otherRing)"))
        // Tampered: the tree swapped under the OpenPGP signature.
        try world.repo.write("evil.yaml", "kind: Policy\n")
        let tree = try world.repo.commit("another tree")
        try world.repo.forge(signed, withTreeOf: tree)
        let bad = try #require(world.refusal("main", reader: try world.reader(gpgKeyring: keyring)))
        guard case .badSignature = bad.verification else {
            Issue.record("expected a bad signature, got \(String(describing: bad.verification))")
            return
        }
    }

    @Test func trustFilesThatCannotBeUsedAreRefusedUpFront() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let empty = folder.appending("empty")
        FileManager.default.createFile(atPath: empty, contents: Data())
        let armored = folder.appending("keys.asc")
        try Data("-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nxx\n".utf8).write(to: URL(fileURLWithPath: armored))

        func message(_ signers: String?, _ keyring: String?) -> String? {
            do {
                _ = try CommitTrust.checked(allowedSigners: signers, gpgKeyring: keyring)
                return nil
            } catch {
                return error.message
            }
        }

        #expect(try CommitTrust.checked(allowedSigners: nil, gpgKeyring: nil) == nil)
        #expect(message(folder.appending("missing"), nil)?.contains("no such file") == true)
        #expect(message(folder.path, nil)?.contains("is a folder") == true)
        #expect(message(empty, nil)?.contains("the file is empty") == true)
        #expect(message(nil, armored)?.contains("gpg --dearmor") == true)
    }

    @Test func withoutTheToolsNothingIsVerifiedAndTheMessageSaysWhatToInstall() throws {
        let world = try World()
        defer { world.folder.remove() }
        let key = try GPGSigningKey.generate(in: world.folder.path, name: "gnupg", email: "erin@example.com")
        defer { key.stopAgent() }
        let keyring = try key.exportKeyring(to: world.folder.appending("trusted.gpg"))
        try world.repo.commitSigned("ssh", with: world.trusted)
        try world.repo.branch("ssh")
        try world.repo.commitSigned("openpgp", with: key)
        var reader = try world.reader(gpgKeyring: keyring)
        reader.verifier?.sshKeygen = world.folder.appending("no-such/ssh-keygen")
        reader.verifier?.gpgv = world.folder.appending("no-such/gpgv")

        let ssh = try #require(world.refusal("ssh", reader: reader))
        let openPGP = try #require(world.refusal("HEAD", reader: reader))

        #expect(ssh.code == .unverified)
        #expect(ssh.message.contains("cannot be checked: ssh-keygen is not installed"))
        #expect(ssh.message.contains("openssh-client"))
        guard case .verifierUnavailable = openPGP.verification else {
            Issue.record("expected no verifier, got \(String(describing: openPGP.verification))")
            return
        }
        #expect(openPGP.message.contains("gpgv is not installed"))
    }

    @Test func aFolderIsNeverTrustedWithAVerifier() throws {
        let world = try World()
        defer { world.folder.remove() }

        let error = #expect(throws: ConfigSourceError.self) {
            try world.reader().read(.directory(world.repo.path))
        }

        #expect(error?.code == .unverified)
    }
}
