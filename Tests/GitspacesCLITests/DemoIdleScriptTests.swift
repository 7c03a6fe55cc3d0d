import Foundation
import GitspacesTestSupport
import Testing

/// `make demo-idle` end to end, so that it cannot rot: scripts/demo-idle.sh with the small test image, on a free
/// port with its own instance and Gitspace name. It cleans up after itself.
@Suite struct DemoIdleScriptTests {
    @Test func theIdleDemoShowsAnIdleStopAndAWakeAndCleansUp() async throws {
        try await BusyboxImage.ensure()
        let folder = try TemporaryDirectory()
        let id = String(UUID().uuidString.lowercased().prefix(8))
        let instance = "demo-idle-\(id)"
        let name = "idle-\(id)"
        let env = [
            "GITSPACES_DEMO_IDLE_DIR": folder.appending("demo"),
            "GITSPACES_DEMO_IDLE_LISTEN": "127.0.0.1:\(try freeLoopbackPort())",
            "GITSPACES_DEMO_IDLE_INSTANCE": instance,
            "GITSPACES_DEMO_IDLE_NAME": name,
            "GITSPACES_DEMO_BASE_IMAGE": BusyboxImage.reference,
            "GITSPACES_DEMO_TIMEOUT": "120",
            "NO_COLOR": "1",
        ]
        defer {
            _ = try? run(
                "sh",
                ["-c", "docker rm -f $(docker ps -aq --filter label=dev.gitspaces.instance=\(instance)) 2>/dev/null"],
                check: false)
            folder.remove()
        }

        let demo = try await run(
            Binary.repositoryRoot + "/scripts/demo-idle.sh", [Binary.path], env: env, check: false)
        #expect(demo.status == 0, "\(demo.stdout)\n\(demo.stderr)")
        #expect(demo.stdout.contains("\(name)  Idle"), "\(demo.stdout)")
        #expect(demo.stdout.contains("two passes) later: Idle, container exited"), "\(demo.stdout)")
        #expect(demo.stdout.contains("gitspaces_idle_stops_total 1"), "\(demo.stdout)")
        #expect(demo.stderr.contains("starting idle gitspace \(name)"), "\(demo.stderr)")
        #expect(demo.stdout.contains("a Gitspace that sleeps when nobody uses it"), "\(demo.stdout)")
        let left = try await run(
            "docker", ["ps", "-aq", "--filter", "label=dev.gitspaces.instance=\(instance)"], check: false)
        #expect(left.stdout.isEmpty, "the demo's container is removed")
        #expect(!FileManager.default.fileExists(atPath: folder.appending("demo")))
    }
}
