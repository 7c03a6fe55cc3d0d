import DockerEngine
import Foundation
import GitspacesCore
import GitspacesTestSupport
import Reconciler
import Testing

/// Workspaces on real containers: cloned from the mirror, mounted, kept across replacement, and never
/// lost when they hold work.
@Suite struct WorkspaceTests {
    func exec(_ harness: Harness, _ base: String, _ script: String) async throws -> ExecResult {
        try await harness.docker.exec(
            ContainerIdentity.containerName(harness.name(base)), command: ["sh", "-c", script])
    }

    @Test func theSourceIsClonedAndMountedAtWorkspacesRepoName() async throws {
        try await withHarness { harness in
            try harness.source.write("hello.txt", "hello from the source\n")
            try harness.source.commit("hello")
            let (_, outcomes) = try await harness.apply([harness.gitspace("a")])
            #expect(outcomes.failures.isEmpty, "\(outcomes.failures)")
            let result = try await exec(harness, "a", "cat /workspaces/source/hello.txt && pwd")
            #expect(result.stdout == "hello from the source\n/workspaces/source\n")
            let origin = try await run(
                "git", ["-C", harness.workspaces.path(for: harness.name("a")), "remote", "get-url", "origin"])
            #expect(origin.stdout == harness.source.url + "\n")
        }
    }

    @Test func twoGitspacesOfOneRepositoryHaveIndependentWorkspaces() async throws {
        try await withHarness { harness in
            try await harness.apply([harness.gitspace("a"), harness.gitspace("b")])
            _ = try await exec(harness, "a", "echo mine > /workspaces/source/only-in-a.txt")
            let inB = try await exec(harness, "b", "ls /workspaces/source")
            #expect(!inB.stdout.contains("only-in-a.txt"))
            #expect(harness.workspaces.path(for: harness.name("a")) != harness.workspaces.path(for: harness.name("b")))
        }
    }

    @Test func workSurvivesAReplace() async throws {
        try await withHarness { harness in
            try await harness.apply([harness.gitspace("a")])
            _ = try await exec(harness, "a", "echo precious > /workspaces/source/notes.txt")
            let before = try #require(try await harness.inspect("a")).id
            let (plan, outcomes) = try await harness.apply([harness.gitspace("a", extra: "  env: {NEW: 1}")])
            #expect(plan.summary.replace == 1)
            #expect(outcomes.failures.isEmpty, "\(outcomes.failures)")
            #expect(try await harness.inspect("a")?.id != before)
            let after = try await exec(harness, "a", "cat /workspaces/source/notes.txt")
            #expect(after.stdout == "precious\n")
        }
    }

    @Test func aCloneACrashInterruptedIsSetAsideAndClonedAgain() async throws {
        try await withHarness { harness in
            // What a kill -9 during the clone leaves: a repository with no commit checked out.
            let workspace = harness.workspaces.path(for: harness.name("a"))
            try await run("git", ["init", "-q", workspace])
            let (_, outcomes) = try await harness.apply([harness.gitspace("a")])
            #expect(outcomes.failures.isEmpty, "\(outcomes.failures)")
            #expect(FileManager.default.fileExists(atPath: workspace + "/.devcontainer/devcontainer.json"))
            let retained = try FileManager.default.contentsOfDirectory(atPath: harness.stateDirectory + "/retained")
            #expect(retained.count == 1 && retained[0].hasPrefix(harness.name("a") + "-"), "\(retained)")
        }
    }

    @Test func workSurvivesAStopAndAStart() async throws {
        try await withHarness { harness in
            try await harness.apply([harness.gitspace("a")])
            _ = try await exec(harness, "a", "echo precious > /workspaces/source/notes.txt")
            let (stop, stopped) = try await harness.apply([harness.gitspace("a", extra: "  state: stopped")])
            #expect(stop.summary.stop == 1)
            #expect(stopped.failures.isEmpty, "\(stopped.failures)")
            #expect(try await harness.inspect("a")?.state.running == false)
            let (start, started) = try await harness.apply([harness.gitspace("a")])
            #expect(start.summary.start == 1)
            #expect(started.failures.isEmpty, "\(started.failures)")
            let after = try await exec(harness, "a", "cat /workspaces/source/notes.txt")
            #expect(after.stdout == "precious\n")
        }
    }

    @Test func deletingADirtyWorkspaceMovesItAsideEvenUnderDelete() async throws {
        try await withHarness { harness in
            let manifest = harness.gitspace("a", extra: "  deletionPolicy: Delete")
            try await harness.apply([manifest, harness.gitspace("keep")])
            _ = try await exec(harness, "a", "echo unsaved > /workspaces/source/draft.txt")
            let (_, outcomes) = try await harness.apply([harness.gitspace("keep")])
            let delete = try #require(outcomes.first { $0.action.kind == .delete })
            #expect(delete.error == nil)
            let note = try #require(delete.note)
            #expect(note.contains("workspace kept at \(harness.stateDirectory)/retained/\(harness.name("a"))-"))
            #expect(note.contains("1 untracked file"))
            #expect(!FileManager.default.fileExists(atPath: harness.workspaces.path(for: harness.name("a"))))
            let retained = try FileManager.default.contentsOfDirectory(atPath: harness.stateDirectory + "/retained")
            #expect(retained.count == 1)
            let draft = try String(
                contentsOfFile: harness.stateDirectory + "/retained/" + retained[0] + "/draft.txt", encoding: .utf8)
            #expect(draft == "unsaved\n")
        }
    }

    @Test func deletionPolicyDecidesForCleanWorkspaces() async throws {
        try await withHarness { harness in
            let removed = harness.gitspace("gone", extra: "  deletionPolicy: Delete")
            let kept = harness.gitspace("kept")
            try await harness.apply([removed, kept, harness.gitspace("stay")])
            let (_, outcomes) = try await harness.apply([harness.gitspace("stay")])
            let notes = Dictionary(uniqueKeysWithValues: outcomes.map { ($0.action.name, $0.note ?? "") })
            #expect(notes[harness.name("gone")] == "workspace removed (it was clean)")
            #expect(notes[harness.name("kept")]?.contains("deletionPolicy Retain") == true)
            #expect(!FileManager.default.fileExists(atPath: harness.workspaces.path(for: harness.name("gone"))))
        }
    }

    @Test func aBranchChangeSwitchesACleanWorkspaceAndIsBlockedOnADirtyOne() async throws {
        try await withHarness { harness in
            try harness.source.branch("feature")
            try harness.source.checkout("feature")
            try harness.source.write("feature.txt", "feature work\n")
            try harness.source.commit("feature")
            try harness.source.checkout("main")
            try await harness.apply([harness.gitspace("clean"), harness.gitspace("dirty")])
            _ = try await exec(harness, "dirty", "echo edit >> /workspaces/source/.devcontainer/devcontainer.json")

            let onFeature = [
                harness.gitspace("clean", extra: "  branch: feature"),
                harness.gitspace("dirty", extra: "  branch: feature"),
            ]
            let (plan, outcomes) = try await harness.apply(onFeature)
            #expect(plan.summary.update == 2)
            let clean = try #require(outcomes.first { $0.action.name == harness.name("clean") })
            #expect(clean.error == nil)
            #expect(try await exec(harness, "clean", "cat /workspaces/source/feature.txt").stdout == "feature work\n")

            let dirty = try #require(outcomes.first { $0.action.name == harness.name("dirty") }?.error?.description)
            #expect(dirty.contains("blocked"))
            #expect(dirty.contains("1 uncommitted change"))
            let branch = try await run(
                "git", ["-C", harness.workspaces.path(for: harness.name("dirty")), "rev-parse", "--abbrev-ref", "HEAD"])
            #expect(branch.stdout == "main\n")
            let edit = try await exec(harness, "dirty", "tail -n 1 /workspaces/source/.devcontainer/devcontainer.json")
            #expect(edit.stdout == "edit\n", "nothing is auto-stashed or reset")
            #expect(try await harness.plan(onFeature).summary.update == 1, "the blocked switch is retried next pass")
        }
    }
}

extension WorkspaceTests {
    @Test func theWorkspaceBelongsToTheImagesUser() async throws {
        try await withHarness { harness in
            var context = TarArchive()
            context.addFile(
                "Dockerfile",
                contents:
                    "FROM \(BusyboxImage.reference)\nRUN echo 'dev:x:1234:2345::/tmp:/bin/sh' >> /etc/passwd\nUSER dev\n"
            )
            let image = "gitspaces-test/nonroot:\(harness.id)"
            try await harness.docker.buildImage(
                context: .tar(context.bytes), tag: image, labels: ["dev.gitspaces.test-run": harness.instance])
            try harness.source.write(".devcontainer/devcontainer.json", "{\"image\": \"\(image)\"}")
            try harness.source.commit("non-root image")
            let (_, outcomes) = try await harness.apply([harness.gitspace("a")])
            #expect(outcomes.failures.isEmpty, "\(outcomes.failures)")
            let owner = try await exec(
                harness, "a", "stat -c %u:%g /workspaces/source/.devcontainer/devcontainer.json && id -u")
            #expect(owner.stdout == "1234:2345\n1234\n")
            let write = try await exec(
                harness, "a", "echo ok > /workspaces/source/new.txt && cat /workspaces/source/new.txt")
            #expect(write.stdout == "ok\n")
            try await harness.docker.remove(ContainerIdentity.containerName(harness.name("a")), force: true)
            _ = try await harness.docker.removeImage(image, force: true, prune: false)
        }
    }
}
