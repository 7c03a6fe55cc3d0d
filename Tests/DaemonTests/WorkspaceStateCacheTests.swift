import Foundation
import GitspacesTestScope
import GitspacesTestSupport
import Logging
import Testing

@testable import GitspacesDaemon

/// The workspace state `/status` shows is read at most every few seconds, but a missing workspace is looked at
/// again each time: a first pass publishes its status before it clones, and the clone must show at once.
@Suite(.onWidePool)
struct WorkspaceStateCacheTests {
    /// A daemon's HTTP server without a daemon, and a status entry whose workspace is `app` in `folder`.
    static func server(workspaceIn folder: TemporaryDirectory) -> (DaemonHTTPServer, GitspaceStatus, String) {
        let backend = FixedBackend()
        let configuration = DaemonConfiguration(repo: "/nonexistent", stateDirectory: backend.stateDirectory)
        var logger = Logger(label: "workspace-cache-tests")
        logger.logLevel = .critical
        let server = DaemonHTTPServer(backend: backend, configuration: configuration, logger: logger)
        var entry = DaemonRouteTests.report(gitspaces: ["app"]).gitspaces[0]
        let path = folder.appending("app")
        entry.workspace = GitspaceStatus.Workspace(state: "unknown", path: path, reasons: nil)
        return (server, entry, path)
    }

    @Test func aMissingWorkspaceIsNotRememberedAndACloneShowsAtOnce() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let (server, entry, path) = Self.server(workspaceIn: folder)

        #expect(await server.withWorkspaces([entry]).first?.workspace?.state == "missing")
        let clone = try GitFixture(at: path)
        try clone.write("README", "hello\n")
        try clone.commit("first")
        let cloned = await server.withWorkspaces([entry]).first?.workspace
        #expect(cloned?.state != "missing", "the clone shows on the next look")
        #expect(cloned?.reasons?.contains { $0.contains("untracked") } != true)
        // A state read is remembered for a few seconds: new work shows after that, not on the next look.
        try "draft\n".write(toFile: path + "/draft.txt", atomically: true, encoding: .utf8)
        #expect(await server.withWorkspaces([entry]).first?.workspace == cloned)
    }

    /// A workspace read halfway through its clone (`.git` there, nothing in it yet) cannot be read: that is not
    /// remembered either, so the finished clone shows on the next look.
    @Test func aWorkspaceThatCannotBeReadYetIsNotRemembered() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let (server, entry, path) = Self.server(workspaceIn: folder)
        try FileManager.default.createDirectory(atPath: path + "/.git", withIntermediateDirectories: true)

        let halfway = await server.withWorkspaces([entry]).first?.workspace
        #expect(halfway?.state == "unknown", "\(String(describing: halfway))")
        try FileManager.default.removeItem(atPath: path + "/.git")
        let clone = try GitFixture(at: path)
        try clone.write("README", "hello\n")
        try clone.commit("first")
        let finished = await server.withWorkspaces([entry]).first?.workspace
        #expect(finished?.state != "unknown", "\(String(describing: finished))")
        #expect(finished == DaemonHTTPServer.workspace(at: path), "the finished clone as it reads now")
    }

    /// A clone under way can read dirty (files checked out, the index not written yet). That read, made while the
    /// Gitspace is being created, must not show once it runs: the fresh-clone CI once saw a new Gitspace `dirty`.
    @Test func aReadDuringACreateIsNotShownOnceTheGitspaceRuns() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        var (server, entry, path) = Self.server(workspaceIn: folder)
        let origin = try GitFixture(at: folder.appending("origin"))
        try origin.write("README", "hello\n")
        try origin.commit("first")
        _ = try origin.git("clone", "--quiet", origin.path, path)
        try "half\n".write(toFile: path + "/half-written.txt", atomically: true, encoding: .utf8)
        entry.phase = .creating
        entry.since = Date(timeIntervalSince1970: 1_700_000_000)

        #expect(await server.withWorkspaces([entry]).first?.workspace?.state == "dirty")
        try FileManager.default.removeItem(atPath: path + "/half-written.txt")
        entry.phase = .running
        entry.since = Date(timeIntervalSince1970: 1_700_000_060)
        let running = await server.withWorkspaces([entry]).first?.workspace
        #expect(running?.state == "clean", "\(String(describing: running))")

        // Once running, a read is remembered; a new phase (stopped by hand) reads again.
        try "work\n".write(toFile: path + "/work.txt", atomically: true, encoding: .utf8)
        #expect(await server.withWorkspaces([entry]).first?.workspace?.state == "clean")
        entry.phase = .stopped
        entry.since = Date(timeIntervalSince1970: 1_700_000_120)
        #expect(await server.withWorkspaces([entry]).first?.workspace?.state == "dirty")
    }
}
