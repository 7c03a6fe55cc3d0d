import Foundation
import Testing

@testable import GitKit

@Suite struct RemoteURLTests {
    @Test(arguments: [
        ("/srv/git/config.git", true), ("relative/repo", true), ("./repo", true), ("repo", true),
        ("./odd:name", true), ("git@github.com:acme/config.git", false), ("host:repo", false),
        ("https://git.example.com/acme/config.git", false), ("file:///srv/git/config.git", false),
    ])
    func tellsLocalPathsFromURLsAndScpLikeAddresses(url: String, isLocal: Bool) {
        #expect(RemoteURL.isLocalPath(url) == isLocal)
    }

    @Test func makesARelativePathAnAbsoluteFileURL() throws {
        let remote = try RemoteURL("some dir/../repo")
        let expected = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            .appendingPathComponent("repo").standardized

        #expect(remote.location == expected.absoluteString)
        #expect(remote.location.hasPrefix("file:///"))
        #expect(remote.localPath == expected.path)
        #expect(remote.display == "some dir/../repo")
    }

    @Test(arguments: ["https://host/a.git", "ssh://git@host/a.git", "git@host:a.git", "git://host/a"])
    func passesRemoteURLsThroughUnchanged(url: String) throws {
        let remote = try RemoteURL(url)

        #expect(remote.location == url)
        #expect(remote.localPath == nil)
    }

    @Test func rejectsUnsupportedSchemes() {
        let error = #expect(throws: GitError.self) { try RemoteURL("htps://host/a.git") }

        #expect(error?.code == .invalidSpec)
        #expect(error?.message.contains("'htps'") == true)
    }

    @Test(arguments: [
        ("https://user:pa55@host/a.git", "https://***@host/a.git"),
        ("https://token@host/a.git", "https://***@host/a.git"),
        ("ssh://git@host/a.git", "ssh://git@host/a.git"),
        ("https://host/a@b:c.git", "https://host/a@b:c.git"),
        ("git@host:a.git", "git@host:a.git"),
    ])
    func masksPasswordsInURLs(url: String, display: String) throws {
        #expect(try RemoteURL(url).display == display)
    }
}
