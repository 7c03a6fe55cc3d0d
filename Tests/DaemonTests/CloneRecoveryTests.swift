import Foundation
import GitspacesTestScope
import GitspacesTestSupport
import Reconciler
import Testing

/// A workspace whose clone a crash interrupted (a repository without a commit) is set aside so that the
/// next create clones afresh; a workspace holding a commit, or none at all, is left alone.
@Suite(.onWidePool)
struct CloneRecoveryTests {
    @Test func onlyAnInterruptedCloneIsSetAsideAndItIsKept() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let store = WorkspaceStore(stateDirectory: folder.appending("state"), instance: "i")
        let interrupted = store.path(for: "interrupted")
        try FileManager.default.createDirectory(atPath: interrupted, withIntermediateDirectories: true)
        try await GitspacesTestSupport.run("git", ["init", "--quiet", interrupted])
        let cloned = try GitFixture(at: store.path(for: "cloned"))
        try cloned.write("README.md", "work\n")
        try cloned.commit("work")

        let setAside = CloneRecovery(store: store).setAsideInterruptedClones(["interrupted", "cloned", "absent"])
        #expect(setAside.keys.sorted() == ["interrupted"])
        guard case .success(.retained(let path, _)) = setAside["interrupted"] else {
            Issue.record("the interrupted clone was not kept: \(String(describing: setAside["interrupted"]))")
            return
        }
        #expect(path.hasPrefix(store.retainedDirectory + "/interrupted-"))
        #expect(FileManager.default.fileExists(atPath: path + "/.git"))
        #expect(!FileManager.default.fileExists(atPath: interrupted))
        #expect(FileManager.default.fileExists(atPath: store.path(for: "cloned") + "/README.md"))
    }
}
