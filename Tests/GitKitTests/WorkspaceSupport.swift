import Foundation
import GitKit
import GitspacesTestSupport

/// The sample repository as a `file://` upstream, its bare mirror (synced once at creation) and a folder
/// for workspaces, all in one temporary folder (one filesystem, so clones can hard-link).
struct MirroredUpstream {
    let upstream: Upstream

    /// `prepare` runs on the upstream before the first mirror sync.
    init(prepare: (GitFixture) throws -> Void = { _ in }) throws {
        upstream = try Upstream(.fileURL)
        try prepare(upstream.fixture)
        try sync()
    }

    var sample: SampleRepository { upstream.sample }
    var fixture: GitFixture { upstream.fixture }
    var url: String { upstream.url }
    var mirrorPath: String { upstream.mirrorPath }

    /// Fetches the upstream into the mirror, as the product does before cloning or updating workspaces.
    func sync() throws {
        _ = try Mirror.sync(url: upstream.url, at: upstream.mirrorPath, credentials: .none)
    }

    func workspacePath(_ name: String = "ws") -> String {
        upstream.directory.appending("workspaces/\(name)")
    }

    /// Clones a workspace from the mirror and returns a fixture to drive it with the git CLI.
    @discardableResult
    func clone(_ name: String = "ws", branch: String? = nil) throws -> GitFixture {
        _ = try Workspace.clone(mirror: mirrorPath, into: workspacePath(name), originURL: url, branch: branch)
        return GitFixture(existingAt: workspacePath(name))
    }

    /// Commits `file` on the upstream's `main` and syncs the mirror; returns the new commit.
    @discardableResult
    func commitUpstream(_ file: String, _ contents: String) throws -> String {
        try fixture.write(file, contents)
        let commit = try fixture.commit("upstream: \(file)")
        try sync()
        return commit
    }
}

extension GitFixture {
    /// The contents of `relativePath` in the work tree, `nil` when there is no such file.
    func read(_ relativePath: String) -> String? {
        FileManager.default.contents(atPath: "\(path)/\(relativePath)").map { String(decoding: $0, as: UTF8.self) }
    }

    func exists(_ relativePath: String) -> Bool {
        FileManager.default.fileExists(atPath: "\(path)/\(relativePath)")
    }
}
