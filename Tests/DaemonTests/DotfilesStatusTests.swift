import Foundation
import GitspacesCore
import GitspacesTestScope
import Testing

@testable import GitspacesDaemon
@testable import Reconciler

/// A Gitspace's dotfiles in `GET /status` and the status table: a failed install shows, the phase stays Running.
@Suite(.onWidePool)
struct DotfilesStatusTests {
    typealias F = DecisionFixtures

    let dotfiles = Dotfiles(repo: "https://github.com/alice/dotfiles.git")
    let date = Date(timeIntervalSince1970: 1_000_000)

    func record(_ state: DotfilesRecord.State?, due: Bool = false, wanted: Dotfiles? = nil) -> DotfilesRecord {
        DotfilesRecord(
            containerID: "c1", wanted: wanted ?? dotfiles, due: due,
            last: state.map {
                .init(
                    dotfiles: dotfiles, commit: "abc123", state: $0, message: "ran install.sh exited with 3", at: date)
            })
    }

    @Test func aFailedInstallShowsInTheStatusWhileTheGitspaceRuns() throws {
        let gitspace = F.gitspace("a")
        var observation = F.observation([(gitspace, running: true)])
        observation.dotfiles["a"] = record(.failed)
        let builder = StatusBuilder(configuration: DaemonConfiguration(repo: "file:///c", stateDirectory: "/state"))
        let built = builder.build(
            memory: F.memory(convergedTo: gitspace),
            StatusBuilder.Input(desired: F.desired(gitspace), observation: observation), now: F.now, date: date)
        let entry = try #require(built.report.gitspaces.first)
        #expect(entry.phase == .running)
        #expect(entry.ready.status)
        #expect(entry.dotfiles?.state == "failed")
        #expect(entry.dotfiles?.commit == "abc123")
        #expect(entry.dotfiles?.problem?.hasPrefix("dotfiles failed: ran install.sh exited with 3") == true)
        let json = String(decoding: built.report.json(), as: UTF8.self)
        #expect(json.contains("\"state\" : \"failed\""), "\(json)")
    }

    @Test func anInstallDueOrAChangeNotYetInstalledIsPending() {
        #expect(GitspaceStatus.Dotfiles(record(nil, due: true))?.state == "pending")
        #expect(GitspaceStatus.Dotfiles(record(.installed))?.state == "installed")
        var changed = dotfiles
        changed.branch = "work"
        let pending = GitspaceStatus.Dotfiles(record(.installed, wanted: changed))
        #expect(pending?.state == "pending")
        #expect(pending?.message == "the dotfiles changed: installed at the next start")
        var none = record(.installed)
        none.wanted = nil
        #expect(GitspaceStatus.Dotfiles(none) == nil)
    }
}
