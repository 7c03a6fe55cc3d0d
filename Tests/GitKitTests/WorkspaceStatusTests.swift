import Foundation
import GitKit
import GitspacesTestSupport
import Testing

@Suite struct WorkspaceStatusTests {
    @Test func aFreshCloneIsClean() throws {
        let world = try MirroredUpstream()
        let ws = try world.clone()

        let status = try Workspace.status(at: ws.path)

        #expect(!status.isDirty)
        #expect(status.reasons.isEmpty)
        #expect(status.branch == "main")
        #expect(status.head?.hex == world.sample.second)
        #expect(status.modified.isEmpty && status.untracked.isEmpty)
        #expect(status.stashes == 0 && status.unpushed == 0)
    }

    /// Workspaces belong to their container's user while the daemon runs as root: git's ownership check
    /// (safe.directory) must not make them unreadable, or their work could not be judged.
    @Test(.enabled(if: getuid() == 0, "needs root to hand the workspace to another user"))
    func aWorkspaceOwnedByAnotherUserIsReadable() throws {
        let world = try MirroredUpstream()
        let ws = try world.clone()
        try ws.write("README.md", "# edited by uid 1000\n")
        try run("chown", ["-R", "1000:1000", ws.path])

        let status = try Workspace.status(at: ws.path)

        #expect(status.modified == ["README.md"])
    }

    @Test func aModifiedFileIsAnUncommittedChange() throws {
        let world = try MirroredUpstream()
        let ws = try world.clone()
        try ws.write("README.md", "# edited\n")

        let status = try Workspace.status(at: ws.path)

        #expect(status.isDirty)
        #expect(status.modified == ["README.md"])
        #expect(status.reasons == ["1 uncommitted change"])
    }

    @Test func aStagedFileIsAnUncommittedChange() throws {
        let world = try MirroredUpstream()
        let ws = try world.clone()
        try ws.write("staged.txt", "staged\n")
        try ws.git("add", "staged.txt")
        try ws.write("config/alpha.yaml", "changed: true\n")
        try ws.git("add", "config/alpha.yaml")

        let status = try Workspace.status(at: ws.path)

        #expect(status.modified == ["config/alpha.yaml", "staged.txt"])
        #expect(status.untrackedCount == 0)
        #expect(status.reasons == ["2 uncommitted changes"])
    }

    @Test func deletedAndRenamedFilesAreUncommittedChanges() throws {
        let world = try MirroredUpstream()
        let ws = try world.clone()
        try ws.remove("config/alpha.yaml")
        try ws.git("mv", "README.md", "READ-ME.md")

        let status = try Workspace.status(at: ws.path)

        #expect(status.isDirty)
        #expect(status.modified == ["README.md -> READ-ME.md", "config/alpha.yaml"])
        #expect(status.modifiedCount == 2)
    }

    @Test func anUntrackedFileIsDirty() throws {
        let world = try MirroredUpstream()
        let ws = try world.clone()
        try ws.write("notes/todo.txt", "remember\n")

        let status = try Workspace.status(at: ws.path)

        #expect(status.isDirty)
        #expect(status.untracked == ["notes/todo.txt"])
        #expect(status.modified.isEmpty)
        #expect(status.reasons == ["1 untracked file"])
    }

    @Test func ignoredFilesAreNotDirty() throws {
        let world = try MirroredUpstream { upstream in
            try upstream.write(".gitignore", "*.log\nbuild/\n")
            try upstream.commit("ignore logs and builds")
        }
        let ws = try world.clone()
        try ws.write("debug.log", "noise\n")
        try ws.write("build/out/app.o", "binary\n")

        let status = try Workspace.status(at: ws.path)

        #expect(!status.isDirty, "\(status.reasons)")
        #expect(status.untracked.isEmpty)
        #expect(try ws.git("status", "--porcelain").isEmpty)  // git agrees
    }

    @Test func listsTheFirstPathsButCountsThemAll() throws {
        let world = try MirroredUpstream()
        let ws = try world.clone()
        for index in 0..<25 {
            try ws.write("scratch/file-\(index).txt", "\(index)\n")
        }

        let status = try Workspace.status(at: ws.path)

        #expect(status.untrackedCount == 25)
        #expect(status.untracked.count == WorkspaceStatus.listedPathLimit)
        #expect(status.reasons == ["25 untracked files"])
    }

    @Test func aStashIsDirty() throws {
        let world = try MirroredUpstream()
        let ws = try world.clone()
        try ws.write("README.md", "# work in progress\n")
        try ws.git("stash", "--quiet")

        let status = try Workspace.status(at: ws.path)

        #expect(status.modified.isEmpty)  // the stash took the change
        #expect(status.stashes == 1)
        #expect(status.isDirty)
        #expect(status.reasons == ["1 stash"])
    }

    @Test func aLocalCommitIsUnpushedUntilTheRemoteHasIt() throws {
        let world = try MirroredUpstream()
        let ws = try world.clone()
        try ws.write("local.txt", "mine\n")
        let commit = try ws.commit("local work")

        let before = try Workspace.status(at: ws.path)
        #expect(before.unpushed == 1)
        #expect(before.isDirty)
        #expect(before.reasons == ["1 commit not on the remote"])
        #expect(before.head?.hex == commit)

        try world.fixture.git("config", "receive.denyCurrentBranch", "updateInstead")
        // Pushed to the URL rather than to `origin`, so git does not update `origin/main` itself: the
        // workspace's remote-tracking refs learn of the commit only from the mirror.
        try ws.git("push", "--quiet", world.url, "main")
        try world.sync()
        #expect(try Workspace.status(at: ws.path).unpushed == 1)
        try Workspace.fetch(mirror: world.mirrorPath, at: ws.path)

        let after = try Workspace.status(at: ws.path)
        #expect(after.unpushed == 0)
        #expect(!after.isDirty)
    }

    @Test func commitsOnAnotherLocalBranchAreUnpushed() throws {
        let world = try MirroredUpstream()
        let ws = try world.clone()
        try ws.git("checkout", "--quiet", "-b", "wip")
        try ws.write("wip.txt", "half done\n")
        try ws.commit("wip 1")
        try ws.write("wip.txt", "more\n")
        try ws.commit("wip 2")
        try ws.checkout("main")

        let status = try Workspace.status(at: ws.path)

        #expect(status.branch == "main")
        #expect(status.unpushed == 2)
        #expect(status.reasons == ["2 commits not on the remote"])
    }

    @Test func aCommitOnADetachedHeadIsUnpushed() throws {
        let world = try MirroredUpstream()
        let ws = try world.clone()
        try ws.git("checkout", "--quiet", "--detach")
        try ws.write("detached.txt", "floating\n")
        let commit = try ws.commit("detached work")

        let status = try Workspace.status(at: ws.path)

        #expect(status.branch == nil)
        #expect(status.head?.hex == commit)
        #expect(status.unpushed == 1)
        #expect(status.isDirty)
    }

    @Test func everyKindOfDirtIsReportedTogether() throws {
        let world = try MirroredUpstream()
        let ws = try world.clone()
        try ws.write("scripts/run.sh", "#!/bin/sh\necho stashed\n", executable: true)
        try ws.git("stash", "--quiet")
        try ws.write("committed.txt", "c\n")
        try ws.commit("one")
        try ws.write("README.md", "# edited\n")
        try ws.write("config/alpha.yaml", "edited: true\n")
        try ws.write("new-1.txt", "n\n")

        let status = try Workspace.status(at: ws.path)

        #expect(
            status.reasons == [
                "2 uncommitted changes", "1 untracked file", "1 stash", "1 commit not on the remote",
            ])
    }

    @Test func aBareMirrorIsNotAWorkspace() throws {
        let world = try MirroredUpstream()

        let error = #expect(throws: GitError.self) { try Workspace.status(at: world.mirrorPath) }

        #expect(error?.code == .unsupported, "\(String(describing: error))")
    }
}

@Suite struct WorkspaceStatusEdgeTests {
    @Test func aDanglingRemoteHeadDoesNotBreakTheCount() throws {
        let world = try MirroredUpstream()
        let ws = try world.clone()
        // As after the remote's default branch is deleted and pruned: origin/HEAD points at nothing.
        try ws.git("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/gone")
        try ws.write("local.txt", "mine\n")
        try ws.commit("local work")

        let status = try Workspace.status(at: ws.path)

        #expect(status.unpushed == 1)
    }
}
