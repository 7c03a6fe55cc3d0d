import Foundation
import GitspacesTestScope
import Testing

@testable import GitspacesDaemon

/// Which repository a webhook's payload names, compared with the ones the daemon follows; and a build under way
/// shown over the last report.
@Suite(.onWidePool) struct WebhookHintTests {
    @Test func oneRepositoryWrittenInEveryUsualFormHasOneIdentity() {
        let forms = [
            "https://github.com/Acme/app.git", "https://user:tok@GITHUB.com:443/Acme/app/",
            "ssh://git@github.com/Acme/app",
            "git@github.com:Acme/app.git", "git://github.com/Acme/app",
        ]
        #expect(Set(forms.map(WebhookHint.identity)) == ["github.com/Acme/app"])
        #expect(WebhookHint.identity("file:///srv/git/app.git") == "/srv/git/app")
        #expect(WebhookHint.identity("https://github.com/Acme/app2") != WebhookHint.identity(forms[0]))
        #expect(WebhookHint.identity("https://gitlab.com/Acme/app") != WebhookHint.identity(forms[0]))
    }

    @Test func aPayloadNamesItsRepositoryAndOnlyAFollowedOneMatches() {
        let github = WebhookHint(
            payload: Array(
                #"{"ref": "refs/heads/main", "repository": {"clone_url": "https://github.com/acme/app.git", "ssh_url": "git@github.com:acme/app.git"}}"#
                    .utf8))
        #expect(github.named.count == 2)
        let known: Set = ["https://git.example.com/acme/config.git", "git@github.com:acme/app.git"]
        #expect(github.match(known) == "git@github.com:acme/app.git")
        #expect(github.match(["https://github.com/acme/other.git"]) == nil)

        let gitlab = WebhookHint(
            payload: Array(#"{"project": {"git_http_url": "https://gitlab.example/g/app.git"}}"#.utf8))
        #expect(gitlab.match(["https://gitlab.example/g/app"]) == "https://gitlab.example/g/app")
        #expect(WebhookHint(payload: Array(#"{"repository": "file:///srv/app"}"#.utf8)).named == ["file:///srv/app"])
        for silent in ["{}", #"{"ref": "main"}"#, "not json", #"{"repository": {"name": 3}}"#] {
            #expect(WebhookHint(payload: Array(silent.utf8)).named.isEmpty, "\(silent)")
        }
    }

    @Test func aBuildUnderWayShowsAsBuildingWithItsImage() {
        let report = DaemonRouteTests.report(gitspaces: ["a", "b"])
        #expect(report.showingBuilds([:]) == report)
        let shown = report.showingBuilds(["a": "gitspaces-build/app:0123"])
        #expect(shown.entry("a")?.phase == .building)
        #expect(shown.entry("a")?.building == "gitspaces-build/app:0123")
        #expect(shown.entry("a")?.ready.reason == "Building")
        #expect(shown.entry("a")?.containerState == "running", "the old container is still shown")
        #expect(shown.entry("b") == report.entry("b"))
        let new = report.showingBuilds(["c": "gitspaces-build/app:4567"])
        #expect(new.gitspaces.map(\.name) == ["a", "b", "c"], "a Gitspace new since the last report is shown too")
        #expect(new.entry("c")?.phase == .building && new.entry("c")?.building == "gitspaces-build/app:4567")
        #expect(new.entry("c")?.containerState == nil)
    }
}
