import Foundation
import GitspacesCore
import GitspacesTestSupport
import Reconciler
import Testing

/// Every kind of work a workspace can hold, against everything the product does to a workspace: the
/// user's bytes are still there afterwards, and where they are is said.
@Suite struct DirtMatrixTests {
    enum Dirt: String, CaseIterable, Sendable {
        case modified, untracked, stashed, unpushedCommit
    }

    enum Event: String, CaseIterable, Sendable {
        case delete, branchChange, replace, restartWithNewCommits
    }

    /// Makes the work with the host's git, in the workspace folder (what a user does inside the container).
    func make(_ dirt: Dirt, in workspace: String) throws {
        let git = ["-C", workspace, "-c", "user.name=dev", "-c", "user.email=dev@example.invalid"]
        switch dirt {
        case .modified:
            try Data("edited by the user\n".utf8).write(to: URL(fileURLWithPath: workspace + "/README.md"))
        case .untracked:
            try Data("new notes\n".utf8).write(to: URL(fileURLWithPath: workspace + "/notes.txt"))
        case .stashed:
            try Data("stashed change\n".utf8).write(to: URL(fileURLWithPath: workspace + "/README.md"))
            try run("git", git + ["stash", "push", "-q", "-m", "user-stash"])
        case .unpushedCommit:
            try Data("committed locally\n".utf8).write(to: URL(fileURLWithPath: workspace + "/local.txt"))
            try run("git", git + ["add", "local.txt"])
            try run("git", git + ["commit", "-q", "-m", "user-commit"])
        }
    }

    /// Whether the work is in `folder`, exactly as made.
    func holds(_ dirt: Dirt, _ folder: String) throws -> Bool {
        func read(_ file: String) -> String? { try? String(contentsOfFile: folder + "/" + file, encoding: .utf8) }
        switch dirt {
        case .modified: return read("README.md") == "edited by the user\n"
        case .untracked: return read("notes.txt") == "new notes\n"
        case .stashed:
            let stash = try run("git", ["-C", folder, "stash", "show", "-p", "stash@{0}"]).stdout
            return stash.contains("+stashed change")
        case .unpushedCommit:
            let log = try run("git", ["-C", folder, "log", "--format=%s", "-1"]).stdout
            return log == "user-commit\n" && read("local.txt") == "committed locally\n"
        }
    }

    @Test(arguments: Dirt.allCases, Event.allCases)
    func theUsersWorkSurvives(_ dirt: Dirt, _ event: Event) async throws {
        try await withHarness { harness in
            try harness.source.write("README.md", "upstream readme\n")
            try harness.source.commit("readme")
            try harness.source.branch("other")
            let a = harness.gitspace("a")
            let keep = harness.gitspace("keep")
            let (_, created) = try await harness.apply([a, keep])
            #expect(created.failures.isEmpty, "\(created.failures)")
            let workspace = harness.workspaces.path(for: harness.name("a"))
            try make(dirt, in: workspace)

            var whereItIs = workspace
            switch event {
            case .delete:
                let (_, outcomes) = try await harness.apply([keep])
                let delete = try #require(outcomes.first { $0.action.kind == .delete })
                #expect(delete.error == nil)
                let note = try #require(delete.note)
                let prefix = "workspace kept at "
                #expect(note.hasPrefix(prefix), "\(note)")
                whereItIs = String(note.dropFirst(prefix.count).prefix { $0 != " " })
                if case .retained(let path, _) = delete.workspace {
                    #expect(path == whereItIs)
                } else {
                    Issue.record("the disposal is not typed as retained: \(String(describing: delete.workspace))")
                }
                #expect(whereItIs.hasPrefix(harness.stateDirectory + "/retained/"))
            case .branchChange:
                let (_, outcomes) = try await harness.apply([harness.gitspace("a", extra: "  branch: other"), keep])
                let update = try #require(outcomes.first { $0.action.name == harness.name("a") })
                #expect(update.error?.code == .blocked, "\(String(describing: update.error))")
                #expect(update.error?.description.contains("blocked") == true, "\(String(describing: update.error))")
                #expect(update.error?.description.contains("not switching to other") == true)
                let head = try await run("git", ["-C", workspace, "rev-parse", "--abbrev-ref", "HEAD"]).stdout
                #expect(head == "main\n")
            case .replace:
                let (plan, outcomes) = try await harness.apply([
                    harness.gitspace("a", extra: "  env: {NEW: '1'}"), keep,
                ])
                #expect(plan.summary.replace == 1)
                #expect(outcomes.failures.isEmpty, "\(outcomes.failures)")
            case .restartWithNewCommits:
                // New passes, as a restarted daemon makes them, after the branch moved upstream; the container
                // is also recreated, which brings the workspace up to date when it is clean.
                try harness.source.write("README.md", "upstream moved on\n")
                try harness.source.commit("upstream change")
                _ = try await harness.apply([a, keep])
                let (_, outcomes) = try await harness.apply([harness.gitspace("a", extra: "  env: {NEW: '1'}"), keep])
                #expect(outcomes.failures.isEmpty, "\(outcomes.failures)")
            }
            #expect(try holds(dirt, whereItIs), "\(dirt) after \(event) in \(whereItIs)")
        }
    }
}
