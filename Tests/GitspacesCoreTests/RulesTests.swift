import Testing

@testable import GitspacesCore

@Suite struct RulesTests {
    @Test(arguments: ["main", "feature/x-1", "release/2026.11", "a.b", "user@host", "ünïcode"])
    func validBranchesPass(name: String) {
        #expect(Rules.branch(name) == nil)
    }

    @Test(arguments: [
        "", "-x", "/x", "x/", "x.", "a..b", "a//b", "a@{1}", "@", "x.lock", "a b", "a~1", "a^", "a:b", "a?", "a*",
        "a[", "a\\b", "a/.hidden", ".hidden", "refs/heads/main", "tab\there",
    ])
    func invalidBranchesAreRefused(name: String) {
        #expect(Rules.branch(name) != nil)
    }

    @Test(arguments: [
        "https://git.example.com/acme/app.git", "http://127.0.0.1:8080/x.git", "ssh://git@host:22/x.git",
        "git://127.0.0.1:9418/x.git", "file:///srv/git/x.git", "git@github.com:acme/x.git", "/srv/git/x.git",
        "https://bob@git.example.com/x.git",
    ])
    func validRepoURLsPass(url: String) {
        #expect(Rules.repoURL(url) == nil)
    }

    @Test(arguments: [
        ("", "is empty"), ("ftp://host/x", "unsupported scheme 'ftp'"), ("https:///x", "has no host"),
        ("https://host", "has no repository path"), ("https://a:b@host/x", "password or token"),
        ("relative/path", "is not a repository URL"), ("https://host/a b", "whitespace"),
    ])
    func invalidRepoURLsSayWhy(url: String, reason: String) {
        #expect(Rules.repoURL(url)?.contains(reason) == true)
    }
}
