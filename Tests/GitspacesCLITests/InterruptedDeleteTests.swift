import Foundation
import GitspacesTestSupport
import Reconciler
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// An interrupted delete (issue #14, item 9): `apply` killed with SIGKILL at several points of deleting a Gitspace
/// whose enforced disk holds uncommitted work. `status` lists what it left; the next `apply` finishes the delete:
/// the work ends up complete in `retained/`, and nothing stays mounted.
@Suite(.enabled(if: DiskEnforcement.detect().isEnforced, "needs root and loop devices"))
struct InterruptedDeleteTests {
    enum KillPoint: String, CaseIterable {
        /// The container is gone, the workspace not yet copied.
        case containerRemoved
        /// While `cp` copies the workspace out.
        case copying
        /// The copy is complete; the image may still be mounted.
        case copied
    }

    @Test(arguments: KillPoint.allCases)
    func theNextApplyFinishesADeleteKilledMidway(at point: KillPoint) async throws {
        try await BusyboxImage.ensure()
        let folder = try TemporaryDirectory()
        let id = String(UUID().uuidString.lowercased().prefix(8))
        let instance = "orphan-\(id)"
        let state = folder.appending("state")
        defer {
            _ = try? run(
                "sh",
                ["-c", "docker rm -f $(docker ps -aq --filter label=dev.gitspaces.instance=\(instance)) 2>/dev/null"],
                check: false)
            let workspaces = state + "/instances/\(instance)/workspaces"
            for entry in (try? FileManager.default.contentsOfDirectory(atPath: workspaces)) ?? [] {
                _ = try? run("umount", [workspaces + "/" + entry], check: false)
            }
            folder.remove()
        }
        let source = try GitFixture(at: folder.appending("source"))
        try source.write(".devcontainer/devcontainer.json", "{\"image\": \"\(BusyboxImage.reference)\"}")
        try source.commit("source")
        let config = folder.appending("config")
        try FileManager.default.createDirectory(atPath: config, withIntermediateDirectories: true)
        func manifest(_ name: String, disk: String?) -> String {
            """
            apiVersion: gitspaces/v1
            kind: Gitspace
            metadata: {name: \(name)-\(id)}
            spec:
              repo: \(source.url)
              hardware: {cpus: 0.25, memory: 32Mi\(disk.map { ", disk: \($0)" } ?? "")}

            """
        }
        try manifest("keep", disk: nil).write(toFile: config + "/keep.yaml", atomically: true, encoding: .utf8)
        try manifest("work", disk: "300Mi").write(toFile: config + "/work.yaml", atomically: true, encoding: .utf8)
        let common = ["--instance", instance, "--state-dir", state]
        let created = try await Binary.run(["apply", config] + common)
        try #require(created.status == 0, "\(created.stdout)\(created.stderr)")

        let name = "work-\(id)"
        let workspace = state + "/instances/\(instance)/workspaces/\(name)"
        let image = state + "/instances/\(instance)/disks/\(name).ext4"
        #expect(WorkspaceDisk.isMountPoint(workspace))
        // Uncommitted work, large enough that copying it out takes a moment (long enough for the test to see each
        // point of the delete under a loaded machine, where polling the engine takes a while).
        try await run("dd", ["if=/dev/urandom", "of=\(workspace)/work.bin", "bs=1M", "count=200"])
        try "draft\n".write(toFile: workspace + "/draft.txt", atomically: true, encoding: .utf8)
        let digest = try await run("sha256sum", [workspace + "/work.bin"]).stdout.prefix(64)

        try FileManager.default.removeItem(atPath: config + "/work.yaml")
        let retained = state + "/retained"
        func retainedEntries() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: retained)) ?? []).filter { $0.hasPrefix(name + "-") }
        }
        let deleting = try BackgroundProcess(Binary.path, ["apply", config] + common)
        // Polled synchronously on purpose (a non-async function, so `run` is the blocking one): a 2 ms poll must
        // not miss the short window of `point`, and a task suspended in `await` may resume only after it is over.
        func killAtPoint() throws {
            // A whole suite on two cores can keep the apply from reaching its point for over a minute.
            let deadline = Date().addingTimeInterval(240)
            while Date() < deadline, deleting.isRunning {
                let reached: Bool
                switch point {
                case .containerRemoved:
                    reached = try run("docker", ["ps", "-aq", "--filter", "name=^gitspace-\(name)$"]).stdout.isEmpty
                case .copying:
                    reached = retainedEntries().contains { $0.hasSuffix(".partial") }
                case .copied:
                    reached = retainedEntries().contains { !$0.hasSuffix(".partial") }
                }
                if reached { break }
                usleep(2000)
            }
            kill(deleting.pid, SIGKILL)
            while deleting.isRunning { usleep(10_000) }
        }
        try killAtPoint()

        let leftover = WorkspaceDisk.isMountPoint(workspace) || FileManager.default.fileExists(atPath: image)
        // Killed before the copy was complete, the image is still there: the case that was left forever.
        if point != .copied { #expect(leftover, "the kill at \(point) came too late to interrupt the delete") }
        if leftover {
            let status = try await Binary.run(["status", "--listen", "127.0.0.1:1"] + common)
            #expect(status.stdout.contains("Interrupted deletes"), "\(status.stdout)\(status.stderr)")
            #expect(status.stdout.contains(name), "\(status.stdout)")
        }

        let finished = try await Binary.run(["apply", config] + common)
        #expect(finished.status == 0, "\(finished.stdout)\(finished.stderr)")
        if leftover {
            #expect(finished.stdout.contains("finished the interrupted delete of \(name)"), "\(finished.stdout)")
        }
        #expect(!WorkspaceDisk.isMountPoint(workspace), "still mounted after \(point)")
        #expect(!FileManager.default.fileExists(atPath: image))
        let copies = retainedEntries()
        #expect(!copies.contains { $0.hasSuffix(".partial") }, "\(copies)")
        let complete = copies.filter { entry in
            let path = retained + "/" + entry
            let sum = (try? run("sha256sum", [path + "/work.bin"]).stdout.prefix(64)) ?? ""
            return sum == digest
                && (try? String(contentsOfFile: path + "/draft.txt", encoding: .utf8)) == "draft\n"
        }
        #expect(!complete.isEmpty, "no complete copy of the work in \(copies) after a kill at \(point)")
        let status = try await Binary.run(["status", "--listen", "127.0.0.1:1"] + common)
        #expect(!status.stdout.contains("Interrupted deletes"), "\(status.stdout)")
    }
}
