import GitKit
import GitspacesTestSupport
import Testing

@Suite struct GitTests {
    @Test func reportsTheLoadedLibgit2VersionOfAtLeast1_5() throws {
        let parts = Git.version.split(separator: ".").compactMap { Int($0) }

        #expect(parts.count == 3)
        #expect(parts.lexicographicallyPrecedes([1, 5, 0]) == false)
    }

    @Test func aMissingCertificateAuthorityFileIsNotFoundAndNamed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.appending("ca.pem")

        let error = #expect(throws: GitError.self) { try Git.setCertificateAuthorities(file: file) }

        #expect(error?.code == .notFound)
        #expect(error?.message.contains(file) == true)
    }
}

@Suite struct ObjectIDTests {
    @Test func acceptsFortyHexDigitsAndLowercasesThem() throws {
        let id = try #require(ObjectID(hex: "0123456789ABCDEFabcdef0123456789abcdef01"))

        #expect(id.hex == "0123456789abcdefabcdef0123456789abcdef01")
        #expect(id.description == id.hex)
        #expect(ObjectID(hex: id.hex) == id)
    }

    @Test(arguments: [
        "", "abc", String(repeating: "a", count: 39), String(repeating: "a", count: 41),
        String(repeating: "g", count: 40), " " + String(repeating: "a", count: 39),
    ])
    func rejectsAnythingButFortyHexDigits(text: String) {
        #expect(ObjectID(hex: text) == nil)
    }
}
