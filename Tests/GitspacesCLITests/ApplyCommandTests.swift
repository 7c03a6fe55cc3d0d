import DockerEngine
import Foundation
import GitspacesTestSupport
import Testing

/// `gitspaces apply` and `gitspaces diff` against the live engine, through the built binary.
@Suite struct ApplyCommandTests {
    @Test func anApplyWhoseReaderIsGoneAppliesEverythingAndExitsNormally() async throws {
        try await BusyboxImage.ensure()
        let scope = try InstanceScope("pipe")
        defer { scope.remove() }
        let (folder, id, instance) = (scope.folder, scope.id, scope.instance)
        let source = try GitFixture(at: folder.appending("source"))
        try source.write(".devcontainer/devcontainer.json", "{\"image\": \"\(BusyboxImage.reference)\"}")
        try source.commit("source")
        let config = folder.appending("config")
        try FileManager.default.createDirectory(atPath: config, withIntermediateDirectories: true)
        for name in ["one", "two"] {
            try
                "apiVersion: gitspaces/v1\nkind: Gitspace\nmetadata: {name: \(name)-\(id)}\nspec:\n  repo: \(source.url)\n"
                .write(toFile: config + "/\(name).yaml", atomically: true, encoding: .utf8)
        }
        // `gitspaces apply | head -1` once head has exited: every write to standard output fails.
        let pipe = Pipe()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = ["apply", config, "--instance", instance, "--state-dir", folder.appending("state")]
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try pipe.fileHandleForReading.close()
        try process.run()
        while process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        #expect(process.terminationReason == .exit, "ended by signal \(process.terminationStatus)")
        #expect(process.terminationStatus == 0)
        let containers = try await run("docker", ["ps", "-q", "--filter", "label=dev.gitspaces.instance=\(instance)"])
        #expect(containers.stdout.split(separator: "\n").count == 2, "both Gitspaces are applied")
    }

    @Test func applyThenDiffThroughTheBinaryWithTheContractsExitCodes() async throws {
        try await BusyboxImage.ensure()
        let scope = try InstanceScope("cli")
        defer { scope.remove() }
        let (folder, id, instance) = (scope.folder, scope.id, scope.instance)
        let source = try GitFixture(at: folder.appending("source"))
        try source.write(".devcontainer/devcontainer.json", "{\"image\": \"\(BusyboxImage.reference)\"}")
        try source.commit("source")
        let broken = try GitFixture(at: folder.appending("broken"))
        try broken.write(".devcontainer/devcontainer.json", "{\"image\": \"127.0.0.1:1/none:1\"}")
        try broken.commit("broken")
        func manifest(_ name: String, _ repo: String) -> String {
            "apiVersion: gitspaces/v1\nkind: Gitspace\nmetadata: {name: \(name)-\(id)}\nspec:\n  repo: \(repo)\n  hardware: {cpus: 0.25, memory: 32Mi}\n"
        }
        let config = folder.appending("config")
        try FileManager.default.createDirectory(atPath: config, withIntermediateDirectories: true)
        try manifest("ok", source.url).write(toFile: config + "/ok.yaml", atomically: true, encoding: .utf8)
        // A relative --state-dir, as a user would type it: workspaces must still mount.
        let common = ["--instance", instance, "--state-dir", "state"]

        let before = try await Binary.run(["diff", config] + common, cwd: folder.path)
        #expect(before.status == 1, "\(before.stderr)")
        #expect(before.stdout.contains("+ create ok-\(id)"))

        let applied = try await Binary.run(["apply", config] + common, cwd: folder.path)
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        #expect(applied.stdout.contains("+ create ok-\(id): done"))
        #expect(applied.stdout.contains("Apply complete: 1 applied, 0 failed."))

        let after = try await Binary.run(["diff", config] + common, cwd: folder.path)
        #expect(after.status == 0)
        #expect(after.stdout == "No changes.\n")

        try manifest("bad", broken.url).write(toFile: config + "/bad.yaml", atomically: true, encoding: .utf8)
        let failing = try await Binary.run(["apply", config] + common, cwd: folder.path)
        #expect(failing.status == 3)
        #expect(failing.stdout.contains("+ create bad-\(id): failed: image 127.0.0.1:1/none:1"))

        let unreachable = try await Binary.run(
            ["apply", config, "--docker-host", "unix:///nonexistent/docker.sock"] + common, cwd: folder.path)
        #expect(unreachable.status == 3)
        #expect(unreachable.stderr.split(separator: "\n").count == 1)
        #expect(unreachable.stderr.contains("/nonexistent/docker.sock"))

        try "kind: [".write(toFile: config + "/broken.yaml", atomically: true, encoding: .utf8)
        let invalid = try await Binary.run(["apply", config] + common, cwd: folder.path)
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("nothing was changed"))
    }
}
