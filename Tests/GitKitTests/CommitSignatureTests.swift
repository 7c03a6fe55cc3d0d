import GitKit
import GitspacesTestSupport
import Testing

/// `Repository.signature(of:)`: the `gpgsig` header and the bytes it signs, as git stores them.
@Suite struct CommitSignatureTests {
    @Test func aSignedCommitGivesItsSignatureAndTheObjectWithoutIt() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let key = try SSHSigningKey.generate(in: folder.path, name: "key", principal: "alice@example.com")
        let fixture = try GitFixture(at: folder.appending("work"))
        try fixture.write("a.yaml", "a: 1\n")
        let commit = try fixture.commitSigned("signed", with: key)
        let raw = try fixture.git("cat-file", "commit", commit) + "\n"

        let repository = try Repository.open(at: fixture.path)
        let id = try #require(ObjectID(hex: commit))
        let found = try #require(try repository.signature(of: id))

        let signature = String(decoding: found.signature, as: UTF8.self)
        #expect(signature.hasPrefix("-----BEGIN SSH SIGNATURE-----\n"))
        #expect(signature.hasSuffix("-----END SSH SIGNATURE-----"))
        // What was signed: the commit object with the gpgsig header (and its continuation lines) taken out.
        var unsigned: [Substring] = []
        var inSignature = false
        for line in raw.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("gpgsig ") {
                inSignature = true
            } else if inSignature, line.hasPrefix(" ") {
                continue
            } else {
                inSignature = false
                unsigned.append(line)
            }
        }
        #expect(String(decoding: found.signedData, as: UTF8.self) == unsigned.joined(separator: "\n"))
        #expect(!String(decoding: found.signedData, as: UTF8.self).contains("SSH SIGNATURE"))
    }

    @Test func anUnsignedCommitHasNoSignature() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let fixture = try GitFixture(at: folder.appending("work"))
        let commit = try fixture.commit("unsigned")

        let repository = try Repository.open(at: fixture.path)

        let id = try #require(ObjectID(hex: commit))
        #expect(try repository.signature(of: id) == nil)
    }

    @Test func aCommitThatIsNotThereIsNotFound() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let fixture = try GitFixture(at: folder.appending("work"))
        try fixture.commit("one")
        let repository = try Repository.open(at: fixture.path)
        let missing = try #require(ObjectID(hex: String(repeating: "ab", count: 20)))

        let error = #expect(throws: GitError.self) { try repository.signature(of: missing) }

        #expect(error?.code == .notFound)
        #expect(error?.message.contains(missing.hex) == true)
    }
}
