import DockerEngine
import Foundation
import GitspacesCore
import GitspacesTestSupport
import Reconciler
import Testing

/// `hardware.disk` enforced with a loop-mounted filesystem per workspace. It needs root and loop devices,
/// which CI has (it runs as root); elsewhere `DiskEnforcement.detect()` says why not and the suite does not run.
@Suite(.enabled(if: DiskEnforcement.detect().isEnforced, "needs root and loop devices"))
struct WorkspaceDiskTests {
    /// One pass with a store that enforces disk sizes.
    @discardableResult
    func apply(_ harness: Harness, _ documents: [String]) async throws -> [ActionOutcome] {
        let store = WorkspaceStore(stateDirectory: harness.stateDirectory, instance: harness.instance, disk: .loopback)
        let reconciliation = try await Reconciliation.prepare(
            desired: try harness.desired(documents), runtime: DockerRuntime(harness.docker), instance: harness.instance,
            stateDirectory: harness.stateDirectory)
        let executor = ApplyExecutor(
            docker: harness.docker, instance: harness.instance, records: harness.records, commit: "c0ffee",
            unresolved: reconciliation.unresolved, sources: reconciliation.sources, workspaces: store)
        let outcomes = await executor.apply(reconciliation.plan, observation: reconciliation.observation)
        #expect(outcomes.failures.isEmpty, "\(outcomes.failures)")
        return outcomes
    }

    func limited(_ harness: Harness, _ base: String, disk: String = "32Mi", extra: String = "") -> String {
        """
        apiVersion: gitspaces/v1
        kind: Gitspace
        metadata: {name: \(harness.name(base))}
        spec:
          repo: \(harness.source.url)
          hardware: {cpus: 0.5, memory: 64Mi, disk: \(disk)}
        \(extra)
        """
    }

    func exec(_ harness: Harness, _ base: String, _ script: String) async throws -> ExecResult {
        try await harness.docker.exec(
            ContainerIdentity.containerName(harness.name(base)), command: ["sh", "-c", script])
    }

    func isMounted(_ path: String) -> Bool { WorkspaceDisk.isMountPoint(path) }

    /// Whether this process may resize a mounted ext4 filesystem (CAP_SYS_RESOURCE, bit 24 of CapEff): some
    /// sandboxes withhold it, and the disk then grows with the container stopped briefly.
    static let onlineResizing: Bool = {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("CapEff:") }
        let mask = line.flatMap {
            UInt64($0.dropFirst("CapEff:".count).trimmingCharacters(in: .whitespaces), radix: 16)
        }
        return (mask ?? 0) & (1 << 24) != 0
    }()

    @Test func theContainerCannotWritePastTheDiskSize() async throws {
        try await withHarness { harness in
            try await apply(harness, [limited(harness, "a")])
            let workspace = harness.workspaces.path(for: harness.name("a"))
            #expect(isMounted(workspace))
            #expect(FileManager.default.fileExists(atPath: workspace + "/.devcontainer/devcontainer.json"))

            let full = try await exec(harness, "a", "dd if=/dev/zero of=/workspaces/source/big bs=1M count=64 2>&1")
            #expect(full.exitCode != 0)
            #expect(full.stdout.contains("No space left on device"), "\(full.stdout)")
            // The rest of the host is not the workspace's: /tmp in the container still takes writes.
            let elsewhere = try await exec(harness, "a", "dd if=/dev/zero of=/tmp/small bs=1M count=8 2>&1")
            #expect(elsewhere.exitCode == 0, "\(elsewhere.stdout)")
        }
    }

    @Test func aDirtyEnforcedWorkspaceIsCopiedOutOnDeleteAndItsImageRemoved() async throws {
        try await withHarness { harness in
            try await apply(
                harness, [limited(harness, "a", extra: "  deletionPolicy: Delete"), limited(harness, "keep")])
            _ = try await exec(harness, "a", "echo unsaved > /workspaces/source/draft.txt")
            let image = harness.workspaces.diskImage(for: harness.name("a"))
            #expect(FileManager.default.fileExists(atPath: image))

            let outcomes = try await apply(harness, [limited(harness, "keep")])
            let note = try #require(outcomes.first { $0.action.kind == .delete }?.note)
            #expect(
                note.contains("workspace kept at \(harness.stateDirectory)/retained/\(harness.name("a"))-"), "\(note)")
            let retained = try FileManager.default.contentsOfDirectory(atPath: harness.stateDirectory + "/retained")
            let kept = harness.stateDirectory + "/retained/" + retained[0]
            #expect(try String(contentsOfFile: kept + "/draft.txt", encoding: .utf8) == "unsaved\n")
            #expect(FileManager.default.fileExists(atPath: kept + "/.git/HEAD"))
            #expect(!isMounted(harness.workspaces.path(for: harness.name("a"))))
            #expect(!FileManager.default.fileExists(atPath: image))
        }
    }

    @Test func aCleanEnforcedWorkspaceUnderDeleteIsRemovedWithItsImage() async throws {
        try await withHarness { harness in
            try await apply(
                harness, [limited(harness, "a", extra: "  deletionPolicy: Delete"), limited(harness, "keep")])
            let outcomes = try await apply(harness, [limited(harness, "keep")])
            #expect(outcomes.first { $0.action.kind == .delete }?.note == "workspace removed (it was clean)")
            let workspace = harness.workspaces.path(for: harness.name("a"))
            #expect(!isMounted(workspace))
            #expect(!FileManager.default.fileExists(atPath: workspace))
            #expect(!FileManager.default.fileExists(atPath: harness.workspaces.diskImage(for: harness.name("a"))))
        }
    }

    @Test func anUnmountedWorkspaceIsMountedAgainWithItsWork() async throws {
        try await withHarness { harness in
            try await apply(harness, [limited(harness, "a")])
            _ = try await exec(harness, "a", "echo mine > /workspaces/source/notes.txt")
            let workspace = harness.workspaces.path(for: harness.name("a"))
            // As after a reboot: the filesystem is not mounted, the container is gone.
            _ = try await harness.docker.remove(ContainerIdentity.containerName(harness.name("a")), force: true)
            try await run("umount", [workspace])
            #expect(!FileManager.default.fileExists(atPath: workspace + "/notes.txt"))

            try await apply(harness, [limited(harness, "a")])
            #expect(isMounted(workspace))
            let notes = try await exec(harness, "a", "cat /workspaces/source/notes.txt")
            #expect(notes.stdout == "mine\n")
        }
    }

    @Test func afterARebootTheContainerWaitsForItsWorkspaceToBeMounted() async throws {
        try await withHarness { harness in
            try await apply(harness, [limited(harness, "a")])
            let details = try #require(try await harness.inspect("a"))
            #expect(
                details.hostConfig.restartPolicy?.name == "no", "the engine must not start it before gitspaces mounts")
            _ = try await exec(harness, "a", "echo mine > /workspaces/source/notes.txt")
            // A reboot: the container stopped, the filesystem not mounted.
            try await harness.docker.stop(details.id, timeout: 1)
            let workspace = harness.workspaces.path(for: harness.name("a"))
            try await run("umount", [workspace])

            let outcomes = try await apply(harness, [limited(harness, "a")])
            #expect(outcomes.map(\.action.kind) == [.start])
            #expect(isMounted(workspace))
            let notes = try await exec(harness, "a", "cat /workspaces/source/notes.txt")
            #expect(notes.stdout == "mine\n")
        }
    }

    @Test func filesInAnUnmountedWorkspaceAreNeverHidden() async throws {
        try await withHarness { harness in
            try await apply(harness, [limited(harness, "a")])
            let workspace = harness.workspaces.path(for: harness.name("a"))
            _ = try await harness.docker.remove(ContainerIdentity.containerName(harness.name("a")), force: true)
            try await run("umount", [workspace])
            try Data("written while unmounted\n".utf8).write(to: URL(fileURLWithPath: workspace + "/stray.txt"))

            let store = WorkspaceStore(
                stateDirectory: harness.stateDirectory, instance: harness.instance, disk: .loopback)
            let reconciliation = try await Reconciliation.prepare(
                desired: try harness.desired([limited(harness, "a")]), runtime: DockerRuntime(harness.docker),
                instance: harness.instance, stateDirectory: harness.stateDirectory)
            let outcomes = await ApplyExecutor(
                docker: harness.docker, instance: harness.instance, records: harness.records, commit: "c0ffee",
                unresolved: reconciliation.unresolved, sources: reconciliation.sources, workspaces: store
            ).apply(reconciliation.plan, observation: reconciliation.observation)
            let failure = try #require(outcomes.first?.error?.description)
            #expect(failure.contains("holds files but its disk image is not mounted"), "\(failure)")
            #expect(!isMounted(workspace))
            #expect(
                try String(contentsOfFile: workspace + "/stray.txt", encoding: .utf8) == "written while unmounted\n")
        }
    }

    @Test func aLargerDiskGrowsTheFilesystemInPlace() async throws {
        try await withHarness { harness in
            try await apply(harness, [limited(harness, "a", disk: "32Mi")])
            _ = try await exec(harness, "a", "echo kept > /workspaces/source/kept.txt")
            let container = ContainerIdentity.containerName(harness.name("a"))
            let before = try #require(try await harness.docker.inspect(container))
            func sizeKiB() async throws -> Int {
                let df = try await exec(harness, "a", "df -k /workspaces/source | tail -1")
                return Int(df.stdout.split(separator: " ", omittingEmptySubsequences: true)[1]) ?? 0
            }
            let smaller = try await sizeKiB()

            let grown = try await apply(harness, [limited(harness, "a", disk: "96Mi")])
            #expect(grown.map(\.action.kind) == [.update], "a larger disk is an in-place update, not a replace")
            let after = try #require(try await harness.docker.inspect(container))
            #expect(after.id == before.id)
            if Self.onlineResizing {
                #expect(after.state.startedAt == before.state.startedAt, "no restart")
            } else {
                #expect(grown.first?.note?.contains("does not allow online resizing") == true, "\(grown)")
                #expect(after.state.running)
            }
            let larger = try await sizeKiB()
            #expect(larger > smaller + 50 * 1024, "df says \(smaller) KiB, then \(larger) KiB")
            let written = try await exec(harness, "a", "dd if=/dev/zero of=/workspaces/source/big bs=1M count=48 2>&1")
            #expect(written.exitCode == 0, "\(written.stdout)")
            let kept = try await exec(harness, "a", "cat /workspaces/source/kept.txt")
            #expect(kept.stdout == "kept\n")
            // Applied once: the next plan has nothing to do.
            let again = try await apply(harness, [limited(harness, "a", disk: "96Mi")])
            #expect(again.isEmpty, "\(again.map(\.action))")

            // Smaller: refused and reported, never a replace; the data and the size stay.
            let shrink = try await Reconciliation.prepare(
                desired: try harness.desired([limited(harness, "a", disk: "32Mi")]),
                runtime: DockerRuntime(harness.docker),
                instance: harness.instance, stateDirectory: harness.stateDirectory)
            #expect(shrink.plan.actions.map(\.kind) == [.update])
            let store = WorkspaceStore(
                stateDirectory: harness.stateDirectory, instance: harness.instance, disk: .loopback)
            let executor = ApplyExecutor(
                docker: harness.docker, instance: harness.instance, records: harness.records, commit: "c0ffee",
                unresolved: shrink.unresolved, sources: shrink.sources, workspaces: store)
            let refused = await executor.apply(shrink.plan, observation: shrink.observation)
            #expect(
                refused.first?.error?.description.contains("shrinking a workspace could lose data") == true,
                "\(refused)")
            #expect(try await harness.docker.inspect(container)?.id == before.id)
            #expect(try await sizeKiB() == larger)
        }
    }
}
