import Foundation
import GitspacesTestSupport
import Testing

/// `spec.credentials` through the binary, against an HTTPS git server that wants a token: the token is
/// used for fetching and appears nowhere else (outputs, labels, environment, state), and a missing or
/// rejected secret fails that Gitspace alone.
@Suite struct CredentialsApplyTests {
    @Test func theTokenFetchesAndIsNeverShown() async throws {
        try await BusyboxImage.ensure()
        let scope = try InstanceScope("cred")
        defer { scope.remove() }
        let (folder, id, instance) = (scope.folder, scope.id, scope.instance)
        let token = "tok" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let served = folder.appending("served")
        let source = try GitFixture(at: served + "/app")
        try source.write(".devcontainer/devcontainer.json", "{\"image\": \"\(BusyboxImage.reference)\"}")
        try source.commit("source")
        let server = try GitHTTPServer(basePath: served, token: token)
        defer { server.stop() }

        let secrets = folder.appending("secrets")
        try FileManager.default.createDirectory(atPath: secrets, withIntermediateDirectories: true)
        try Data("\(token)\n".utf8).write(to: URL(fileURLWithPath: secrets + "/forge-token"))
        try Data("wrong\(token.dropFirst(5))\n".utf8).write(to: URL(fileURLWithPath: secrets + "/stale-token"))
        let config = folder.appending("config")
        try FileManager.default.createDirectory(atPath: config, withIntermediateDirectories: true)
        for (name, secret) in [("ok", "forge-token"), ("missing", "no-such-secret"), ("rejected", "stale-token")] {
            try """
            apiVersion: gitspaces/v1
            kind: Gitspace
            metadata: {name: \(name)-\(id)}
            spec:
              repo: \(server.url(for: "app"))
              credentials: \(secret)
              hardware: {cpus: 0.25, memory: 32Mi}
              env: {VISIBLE: "yes"}
            """.write(toFile: config + "/\(name).yaml", atomically: true, encoding: .utf8)
        }
        let common = ["--instance", instance, "--state-dir", folder.appending("state"), "--credentials-dir", secrets]
        // The loopback server's CA, the way a user trusts a private forge's.
        let env = ["NO_COLOR": "1", "SSL_CERT_FILE": server.caFile]
        func gitspaces(_ args: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
            try await run(Binary.path, args, env: env, check: false)
        }

        let applied = try await gitspaces(["apply", config] + common)
        #expect(applied.status == 3, "\(applied.stdout)\(applied.stderr)")
        #expect(applied.stdout.contains("+ create ok-\(id): done"), "\(applied.stdout)\(applied.stderr)")
        #expect(applied.stdout.contains("+ create missing-\(id): failed:"))
        #expect(applied.stdout.contains("no-such-secret"))
        #expect(applied.stdout.contains("+ create rejected-\(id): failed:"))
        #expect(applied.stdout.contains("authentication failed"), "\(applied.stdout)")
        #expect(applied.stdout.contains("Apply incomplete: 1 applied, 2 failed."))

        var everything = applied.stdout + applied.stderr
        for format in ["text", "json", "markdown"] {
            let diff = try await gitspaces(["diff", config, "--format", format] + common)
            everything += diff.stdout + diff.stderr
        }
        let inspect = try await run(
            "sh", ["-c", "docker inspect $(docker ps -aq --filter label=dev.gitspaces.instance=\(instance))"])
        #expect(inspect.stdout.contains("VISIBLE=yes"), "the inspect output is what it should be")
        everything += inspect.stdout
        let state = try await run("grep", ["-r", "-l", "-a", token, folder.appending("state")], check: false)
        #expect(state.stdout.isEmpty, "the token is stored in \(state.stdout)")
        let origin = try await run(
            "git",
            ["-C", folder.appending("state/instances/\(instance)/workspaces/ok-\(id)"), "remote", "get-url", "origin"])
        #expect(origin.stdout == server.url(for: "app") + "\n")
        #expect(!everything.contains(token))
        #expect(!everything.contains(String(token.dropFirst(5))), "a part of a secret shows")
    }
}
