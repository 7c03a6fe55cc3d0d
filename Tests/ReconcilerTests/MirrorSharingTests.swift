import Foundation
import GitspacesCore
import GitspacesTestSupport
import Reconciler
import Testing

/// Gitspaces of one repository share its mirror: a pass fetches each repository once, however many
/// Gitspaces use it, and a new workspace is cloned from the mirror without going to the server.
@Suite struct MirrorSharingTests {
    func gitspace(_ harness: Harness, _ base: String, repo: String) -> String {
        """
        apiVersion: gitspaces/v1
        kind: Gitspace
        metadata: {name: \(harness.name(base))}
        spec:
          repo: \(repo)
          hardware: {cpus: 0.5, memory: 64Mi}
        """
    }

    @Test func aPassFetchesARepositoryOnceAndNewWorkspacesComeFromTheMirror() async throws {
        try await withHarness { harness in
            let daemon = try GitDaemon(basePath: harness.folder.path)
            defer { daemon.stop() }
            let repo = daemon.url(for: "source")

            // Three Gitspaces of one repository in one pass: one fetch.
            let first = ["a", "b", "c"].map { gitspace(harness, $0, repo: repo) }
            let (_, created) = try await harness.apply(first)
            #expect(created.failures.isEmpty, "\(created.failures)")
            #expect(daemon.uploadPackRequests() == 1)
            for base in ["a", "b", "c"] {
                let workspace = harness.workspaces.path(for: harness.name(base))
                #expect(FileManager.default.fileExists(atPath: workspace + "/.devcontainer/devcontainer.json"))
            }

            // A fourth one later: the pass checks the repository once more (one request, nothing new to
            // receive), and its workspace is a local clone of the mirror: no further request.
            let (plan, added) = try await harness.apply(first + [gitspace(harness, "d", repo: repo)])
            #expect(plan.summary.create == 1)
            #expect(added.failures.isEmpty, "\(added.failures)")
            #expect(daemon.uploadPackRequests() == 2)
            let origin = try await run(
                "git", ["-C", harness.workspaces.path(for: harness.name("d")), "remote", "get-url", "origin"])
            #expect(origin.stdout == repo + "\n")
        }
    }
}
