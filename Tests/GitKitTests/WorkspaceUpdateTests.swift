import Foundation
import GitKit
import GitspacesTestSupport
import Testing

@Suite struct WorkspaceUpdateTests {
    @Test func fetchMovesOnlyTheRemoteRefsAndFastForwardBringsTheFiles() throws {
        let world = try MirroredUpstream()
        let ws = try world.clone()
        let newTip = try world.commitUpstream("config/gamma.yaml", "kind: Gitspace\n")

        try Workspace.fetch(mirror: world.mirrorPath, at: ws.path)

        #expect(try ws.git("rev-parse", "origin/main") == newTip)
        #expect(try ws.git("rev-parse", "HEAD") == world.sample.second)
        #expect(!ws.exists("config/gamma.yaml"))
        #expect(try ws.git("remote", "get-url", "origin") == world.url)
        #expect(try Workspace.status(at: ws.path).isDirty == false)  // behind is not dirty

        #expect(try Workspace.fastForward(at: ws.path))

        #expect(ws.read("config/gamma.yaml") == "kind: Gitspace\n")
        #expect(try ws.git("rev-parse", "HEAD") == newTip)
        #expect(try ws.git("symbolic-ref", "--short", "HEAD") == "main")
        #expect(try ws.git("status", "--porcelain").isEmpty)
        #expect(try Workspace.fastForward(at: ws.path) == false)  // up to date now
    }

    @Test func fetchPrunesDeletedBranchesAndKeepsLocalOnes() throws {
        let world = try MirroredUpstream()
        let ws = try world.clone()
        try ws.git("tag", "my-tag")
        try ws.git("branch", "my-branch")
        try world.fixture.deleteBranch("feature")
        try world.sync()

        try Workspace.fetch(mirror: world.mirrorPath, at: ws.path)

        let remoteBranches = try ws.git("for-each-ref", "--format=%(refname)", "refs/remotes/origin")
        #expect(!remoteBranches.contains("refs/remotes/origin/feature"))
        #expect(remoteBranches.contains("refs/remotes/origin/main"))
        #expect(try ws.git("tag", "--list", "my-tag") == "my-tag")
        #expect(try ws.git("rev-parse", "my-branch") == world.sample.second)
        #expect(try ws.git("rev-parse", "--abbrev-ref", "@{u}") == "origin/main")
    }

    @Test func fastForwardLeavesADirtyWorkspaceAlone() throws {
        let world = try MirroredUpstream()
        let ws = try world.clone()
        let newTip = try world.commitUpstream("config/gamma.yaml", "kind: Gitspace\n")
        try Workspace.fetch(mirror: world.mirrorPath, at: ws.path)
        try ws.write("README.md", "# my edit\n")

        #expect(try Workspace.fastForward(at: ws.path) == false)

        #expect(ws.read("README.md") == "# my edit\n")
        #expect(!ws.exists("config/gamma.yaml"))
        #expect(try ws.git("rev-parse", "HEAD") == world.sample.second)
        #expect(try ws.git("rev-parse", "origin/main") == newTip)
    }

    @Test func fastForwardRefusesADivergedBranch() throws {
        let world = try MirroredUpstream()
        let ws = try world.clone()
        try world.commitUpstream("upstream.txt", "theirs\n")
        try ws.write("local.txt", "mine\n")
        let local = try ws.commit("local work")
        // The local commit is on the remote, on another branch: the workspace is clean, yet `main` diverged.
        try ws.git("push", "--quiet", world.url, "main:side")
        try world.sync()
        try Workspace.fetch(mirror: world.mirrorPath, at: ws.path)
        #expect(try Workspace.status(at: ws.path).isDirty == false)

        #expect(try Workspace.fastForward(at: ws.path) == false)

        #expect(try ws.git("rev-parse", "HEAD") == local)
        #expect(ws.read("local.txt") == "mine\n")
        #expect(!ws.exists("upstream.txt"))
    }

    @Test func fastForwardNeverOverwritesAnIgnoredFile() throws {
        let world = try MirroredUpstream { upstream in
            try upstream.write(".gitignore", "*.env\n")
            try upstream.commit("ignore env files")
        }
        let ws = try world.clone()
        try ws.write("local.env", "TOKEN=mine\n")  // ignored, so not dirty: but the user's bytes
        try world.fixture.write("local.env", "TOKEN=theirs\n")
        try world.fixture.git("add", "--force", "local.env")
        try world.fixture.git("commit", "--quiet", "-m", "track local.env")
        try world.sync()
        try Workspace.fetch(mirror: world.mirrorPath, at: ws.path)
        let before = try ws.git("rev-parse", "HEAD")
        #expect(try Workspace.status(at: ws.path).isDirty == false)

        let error = #expect(throws: GitError.self) { try Workspace.fastForward(at: ws.path) }

        #expect(error?.code == .locked, "\(String(describing: error))")
        #expect(ws.read("local.env") == "TOKEN=mine\n")
        #expect(try ws.git("rev-parse", "HEAD") == before)
    }

    @Test func fetchingFromAMissingMirrorIsNotFound() throws {
        let world = try MirroredUpstream()
        let ws = try world.clone()
        try FileManager.default.removeItem(atPath: world.mirrorPath)

        let error = #expect(throws: GitError.self) { try Workspace.fetch(mirror: world.mirrorPath, at: ws.path) }

        #expect(error?.code == .notFound, "\(String(describing: error))")
        #expect(try ws.git("rev-parse", "origin/main") == world.sample.second)
    }
}

@Suite struct WorkspaceSwitchBranchTests {
    @Test func aCleanWorkspaceSwitchesAndTracksTheRemoteBranch() throws {
        let world = try MirroredUpstream()
        let ws = try world.clone()

        try Workspace.switchBranch(at: ws.path, to: "feature")

        #expect(try ws.git("symbolic-ref", "--short", "HEAD") == "feature")
        #expect(try ws.git("rev-parse", "HEAD") == world.sample.feature)
        #expect(try ws.git("rev-parse", "--abbrev-ref", "@{u}") == "origin/feature")
        #expect(ws.read("feature.txt") == "feature work\n")
        #expect(!ws.exists("scripts/run.sh"))
        #expect(try ws.git("status", "--porcelain").isEmpty)

        try Workspace.switchBranch(at: ws.path, to: "main")  // the existing local branch

        #expect(try ws.git("symbolic-ref", "--short", "HEAD") == "main")
        #expect(ws.exists("scripts/run.sh") && !ws.exists("feature.txt"))
        #expect(try Workspace.status(at: ws.path).isDirty == false)
    }

    @Test func aDirtyWorkspaceIsNotSwitched() throws {
        let world = try MirroredUpstream()
        let ws = try world.clone()
        try ws.write("README.md", "# my edit\n")
        try ws.write("scratch.txt", "notes\n")

        let error = #expect(throws: GitError.self) { try Workspace.switchBranch(at: ws.path, to: "feature") }

        #expect(error?.code == .locked)
        #expect(
            error?.message.contains("1 uncommitted change, 1 untracked file") == true, "\(String(describing: error))")
        #expect(error?.message.contains("'feature'") == true)
        #expect(ws.read("README.md") == "# my edit\n")
        #expect(ws.read("scratch.txt") == "notes\n")
        #expect(try ws.git("symbolic-ref", "--short", "HEAD") == "main")
        #expect(try ws.git("branch", "--list", "feature").isEmpty)
    }

    @Test func aStashAloneBlocksTheSwitch() throws {
        let world = try MirroredUpstream()
        let ws = try world.clone()
        try ws.write("README.md", "# stashed\n")
        try ws.git("stash", "--quiet")

        let error = #expect(throws: GitError.self) { try Workspace.switchBranch(at: ws.path, to: "feature") }

        #expect(error?.code == .locked)
        #expect(error?.message.contains("1 stash") == true)
        #expect(try ws.git("symbolic-ref", "--short", "HEAD") == "main")
    }

    @Test func aBranchMissingOnOriginIsNotFound() throws {
        let world = try MirroredUpstream()
        let ws = try world.clone()

        let error = #expect(throws: GitError.self) { try Workspace.switchBranch(at: ws.path, to: "nowhere") }

        #expect(error?.code == .notFound)
        #expect(error?.message.contains("'nowhere'") == true)
        #expect(try ws.git("symbolic-ref", "--short", "HEAD") == "main")
    }

    @Test func anInvalidBranchNameIsInvalidSpec() throws {
        let world = try MirroredUpstream()
        let ws = try world.clone()

        let error = #expect(throws: GitError.self) { try Workspace.switchBranch(at: ws.path, to: "../escape") }

        #expect(error?.code == .invalidSpec)
    }
}
