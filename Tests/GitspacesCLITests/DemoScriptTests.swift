import Foundation
import GitspacesTestSupport
import Testing

/// `make demo` end to end, so that it cannot rot: scripts/demo.sh with the small test image instead of
/// the debootstrap base image, on free ports and its own instance, then scripts/demo-clean.sh.
@Suite struct DemoScriptTests {
    @Test func theDemoRunsEndToEndAndCleansUp() async throws {
        try await BusyboxImage.ensure()
        let folder = try TemporaryDirectory()
        let id = String(UUID().uuidString.lowercased().prefix(8))
        let instance = "demo-\(id)"
        let env = [
            "GITSPACES_DEMO_DIR": folder.appending("demo"),
            "GITSPACES_DEMO_GIT_PORT": String(try freeLoopbackPort()),
            "GITSPACES_DEMO_LISTEN": "127.0.0.1:\(try freeLoopbackPort())",
            "GITSPACES_DEMO_INSTANCE": instance,
            "GITSPACES_DEMO_BASE_IMAGE": BusyboxImage.reference,
            "GITSPACES_DEMO_TIMEOUT": "240",
            "NO_COLOR": "1",
        ]
        let script = Binary.repositoryRoot + "/scripts"
        defer {
            _ = try? run(script + "/demo-clean.sh", [Binary.path], env: env, check: false)
            _ = try? run(
                "sh",
                ["-c", "docker rm -f $(docker ps -aq --filter label=dev.gitspaces.instance=\(instance)) 2>/dev/null"],
                check: false)
            folder.remove()
        }

        let demo = try await run(script + "/demo.sh", [Binary.path], env: env, check: false)
        #expect(demo.status == 0, "\(demo.stdout)\n\(demo.stderr)")
        for name in ["alice-hello-python", "bob-hello-python", "carol-web-app"] {
            #expect(demo.stdout.contains(name), "status names \(name)")
        }
        #expect(demo.stdout.contains("Running"))
        #expect(demo.stdout.contains("erin-hello-python"), "the pull request's plan")
        #expect(demo.stdout.contains("Plan: 1 to create"), "\(demo.stdout)")
        // web-app's local feature ./welcome with its option: the command install.sh wrote, the feature's
        // containerEnv, and the file its postCreateCommand wrote.
        #expect(demo.stdout.contains("WELCOME_FEATURE=1.0.0"), "\(demo.stdout)")
        #expect(
            demo.stdout.components(separatedBy: "hi from the welcome feature, ").count - 1 >= 2,
            "`welcome` and /tmp/welcome: \(demo.stdout)")
        // The dashboard: its URL printed, and the demo's Gitspaces on the page.
        let listen = env["GITSPACES_DEMO_LISTEN"] ?? ""
        #expect(demo.stdout.contains("dashboard: http://\(listen)/"), "\(demo.stdout)")
        let page = try await run("curl", ["-fsS", "http://\(listen)/"], check: false)
        for name in ["alice-hello-python", "bob-hello-python", "carol-web-app"] {
            #expect(page.stdout.contains("data-name=\"\(name)\""), "the dashboard shows \(name)")
        }
        let containers = try await run("docker", ["ps", "-q", "--filter", "label=dev.gitspaces.instance=\(instance)"])
        #expect(containers.stdout.split(separator: "\n").count == 3)

        // A second run reuses what exists and succeeds again.
        let again = try await run(script + "/demo.sh", [Binary.path], env: env, check: false)
        #expect(again.status == 0, "\(again.stdout)\n\(again.stderr)")

        // Work in progress in one workspace: demo-clean keeps it and says where.
        try await run(
            "docker",
            ["exec", "gitspace-alice-hello-python", "sh", "-c", "echo draft > /workspaces/hello-python/draft.txt"])
        let clean = try await run(script + "/demo-clean.sh", [Binary.path], env: env, check: false)
        #expect(clean.status == 0, "\(clean.stdout)\n\(clean.stderr)")
        let left = try await run("docker", ["ps", "-aq", "--filter", "label=dev.gitspaces.instance=\(instance)"])
        #expect(left.stdout.isEmpty)
        let retained = folder.appending("demo/state/retained")
        let kept = (try? FileManager.default.contentsOfDirectory(atPath: retained)) ?? []
        #expect(kept.count == 1 && kept.first?.hasPrefix("alice-hello-python-") == true, "\(kept)")
        #expect(clean.stdout.contains(retained + "/" + (kept.first ?? "?")), "\(clean.stdout)")
        #expect(
            try String(contentsOfFile: retained + "/" + (kept.first ?? "?") + "/draft.txt", encoding: .utf8)
                == "draft\n")
        #expect(!FileManager.default.fileExists(atPath: folder.appending("demo/served")))
    }
}
