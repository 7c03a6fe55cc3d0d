import Foundation
import GitKit
import GitspacesTestSupport
import Testing

@Suite struct WorkspaceCloneTests {
    @Test func clonesTheDefaultBranchWithTheRealOriginAndTracking() throws {
        let world = try MirroredUpstream()

        let result = try Workspace.clone(
            mirror: world.mirrorPath, into: world.workspacePath(), originURL: world.url, branch: nil)
        let ws = GitFixture(existingAt: world.workspacePath())

        #expect(result == WorkspaceCloneResult(branch: "main", commit: ObjectID(hex: world.sample.second)!))
        #expect(ws.read("config/alpha.yaml") == SampleRepository.alphaYAML)
        #expect(ws.exists("scripts/run.sh") && !ws.exists("feature.txt"))
        #expect(try ws.git("remote", "get-url", "origin") == world.url)
        #expect(try ws.git("symbolic-ref", "--short", "HEAD") == "main")
        #expect(try ws.git("rev-parse", "--abbrev-ref", "@{u}") == "origin/main")
        #expect(try ws.git("config", "branch.main.remote") == "origin")
        #expect(try ws.git("config", "branch.main.merge") == "refs/heads/main")
        #expect(try ws.git("rev-parse", "origin/feature") == world.sample.feature)
        #expect(try ws.git("status", "--porcelain").isEmpty)
        #expect(!ws.exists(".git/objects/info/alternates"))
        #expect(try ws.git("rev-parse", "--is-bare-repository") == "false")
    }

    @Test func objectsAreHardLinkedFromTheMirrorNotBorrowed() throws {
        let world = try MirroredUpstream()
        let ws = try world.clone()

        // Same filesystem: the mirror's object files are the workspace's (one inode), not alternates.
        let packs = try FileManager.default.contentsOfDirectory(atPath: world.mirrorPath + "/objects/pack")
        let pack = try #require(packs.first { $0.hasSuffix(".pack") })
        #expect(
            try inode(world.mirrorPath + "/objects/pack/" + pack) == inode(ws.path + "/.git/objects/pack/" + pack))
        #expect(!ws.exists(".git/objects/info/alternates"))

        // Without the mirror (as inside the container, where its host path does not exist) nothing is missing.
        try FileManager.default.removeItem(atPath: world.mirrorPath)
        try ws.git("fsck", "--full", "--no-dangling")
        #expect(try ws.git("rev-parse", "HEAD") == world.sample.second)
    }

    @Test func aSecondCloneOfTheSameMirrorIsIndependent() throws {
        let world = try MirroredUpstream()
        let first = try world.clone("first")
        let second = try world.clone("second")

        try first.write("mine.txt", "first's work\n")
        let commit = try first.commit("first only")
        try FileManager.default.removeItem(atPath: first.path)

        #expect(!second.exists("mine.txt"))
        #expect(try second.git("rev-parse", "HEAD") == world.sample.second)
        #expect(try run("git", ["-C", second.path, "cat-file", "-e", commit], check: false).status != 0)
        try second.git("fsck", "--no-dangling")
        #expect(try Workspace.status(at: second.path).isDirty == false)
    }

    @Test func clonesANonDefaultBranch() throws {
        let world = try MirroredUpstream()

        let result = try Workspace.clone(
            mirror: world.mirrorPath, into: world.workspacePath(), originURL: world.url, branch: "feature")
        let ws = GitFixture(existingAt: world.workspacePath())

        #expect(result.branch == "feature")
        #expect(result.commit.hex == world.sample.feature)
        #expect(ws.read("feature.txt") == "feature work\n")
        #expect(!ws.exists("scripts/run.sh"))
        #expect(try ws.git("symbolic-ref", "--short", "HEAD") == "feature")
        #expect(try ws.git("rev-parse", "--abbrev-ref", "@{u}") == "origin/feature")
        #expect(try ws.git("status", "--porcelain").isEmpty)
    }

    @Test func cloningNeedsOnlyTheMirrorNotTheNetwork() throws {
        let world = try MirroredUpstream()
        try FileManager.default.removeItem(atPath: world.fixture.path)  // the upstream is gone

        let ws = try world.clone()

        #expect(ws.read("README.md") == "# sample\n")
        #expect(try ws.git("remote", "get-url", "origin") == world.url)
        #expect(try ws.git("rev-parse", "HEAD") == world.sample.second)
    }

    @Test func cloningIntoANonEmptyFolderIsExistsAndLeavesItAlone() throws {
        let world = try MirroredUpstream()
        let path = world.workspacePath()
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try Data("mine\n".utf8).write(to: URL(fileURLWithPath: path + "/notes.txt"))

        let error = #expect(throws: GitError.self) {
            try Workspace.clone(mirror: world.mirrorPath, into: path, originURL: world.url, branch: nil)
        }

        #expect(error?.code == .exists, "\(String(describing: error))")
        #expect(try FileManager.default.contentsOfDirectory(atPath: path) == ["notes.txt"])
    }

    @Test func aBranchMissingFromTheMirrorIsNotFoundAndLeavesNothing() throws {
        let world = try MirroredUpstream()

        let error = #expect(throws: GitError.self) {
            try Workspace.clone(
                mirror: world.mirrorPath, into: world.workspacePath(), originURL: world.url, branch: "no-such-branch")
        }

        #expect(error?.code == .notFound)
        #expect(error?.message.contains("no-such-branch") == true)
        #expect(!FileManager.default.fileExists(atPath: world.workspacePath()))
    }

    @Test func anOriginURLCarryingATokenIsRefused() throws {
        let world = try MirroredUpstream()

        let error = #expect(throws: GitError.self) {
            try Workspace.clone(
                mirror: world.mirrorPath, into: world.workspacePath(),
                originURL: "https://user:s3cr3t@git.example/org/repo.git", branch: nil)
        }

        #expect(error?.code == .invalidSpec)
        #expect(error?.description.contains("s3cr3t") == false)
        #expect(!FileManager.default.fileExists(atPath: world.workspacePath()))
    }

    private func inode(_ path: String) throws -> Int? {
        (try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? NSNumber)?.intValue
    }
}
