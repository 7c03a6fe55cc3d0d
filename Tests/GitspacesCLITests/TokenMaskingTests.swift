import Foundation
import GitspacesTestSupport
import Testing

/// A token written into a repository URL is never echoed back: not by `validate` (text, github, json), `diff`
/// (text, markdown, json), `apply`, `status` (text, json), nor in labels or the state directory. Issue #14, item 2.
@Suite struct TokenMaskingTests {
    @Test func aTokenInARepoURLAppearsInNoOutputFormat() async throws {
        try await BusyboxImage.ensure()
        let scope = try InstanceScope("mask")
        defer { scope.remove() }
        let (folder, id, instance) = (scope.folder, scope.id, scope.instance)
        let refusedToken = "pw" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let userToken = "ghp" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let served = folder.appending("served")
        let source = try GitFixture(at: served + "/app")
        try source.write(".devcontainer/devcontainer.json", "{\"image\": \"\(BusyboxImage.reference)\"}")
        try source.commit("source")
        let secret = "s" + UUID().uuidString.lowercased()
        let server = try GitHTTPServer(basePath: served, token: secret)
        defer { server.stop() }
        let secrets = folder.appending("secrets")
        try FileManager.default.createDirectory(atPath: secrets, withIntermediateDirectories: true)
        try Data("\(secret)\n".utf8).write(to: URL(fileURLWithPath: secrets + "/forge-token"))
        try Data("wrong\n".utf8).write(to: URL(fileURLWithPath: secrets + "/stale-token"))

        func manifest(_ name: String, repo: String, credentials: String?) -> String {
            """
            apiVersion: gitspaces/v1
            kind: Gitspace
            metadata: {name: \(name)-\(id)}
            spec:
              repo: \(repo)
            \(credentials.map { "  credentials: \($0)\n" } ?? "")  hardware: {cpus: 0.25, memory: 32Mi}

            """
        }
        // A password in the URL: refused, and the refusal must not quote it.
        let refused = folder.appending("refused")
        try FileManager.default.createDirectory(atPath: refused, withIntermediateDirectories: true)
        try manifest("bad", repo: "https://bob:\(refusedToken)@127.0.0.1:\(server.port)/app", credentials: nil)
            .write(toFile: refused + "/bad.yaml", atomically: true, encoding: .utf8)
        // A token as the user part (https://TOKEN@host/…): accepted, fetched with spec.credentials, and one fetch
        // fails (a rejected secret) so that a fetch error quotes the URL.
        let config = folder.appending("config")
        try FileManager.default.createDirectory(atPath: config, withIntermediateDirectories: true)
        let tokenURL = "https://\(userToken)@127.0.0.1:\(server.port)/app"
        try manifest("ok", repo: tokenURL, credentials: "forge-token")
            .write(toFile: config + "/ok.yaml", atomically: true, encoding: .utf8)
        try manifest("rejected", repo: tokenURL, credentials: "stale-token")
            .write(toFile: config + "/rejected.yaml", atomically: true, encoding: .utf8)

        let common = ["--instance", instance, "--state-dir", folder.appending("state"), "--credentials-dir", secrets]
        let env = ["NO_COLOR": "1", "SSL_CERT_FILE": server.caFile]
        var outputs: [(String, String)] = []
        func gitspaces(_ args: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
            let result = try await run(Binary.path, args, env: env, check: false)
            outputs.append((args.prefix(3).joined(separator: " "), result.stdout + result.stderr))
            return result
        }

        for format in ["text", "github", "json"] {
            let validated = try await gitspaces(["validate", refused, "--format", format])
            #expect(validated.status == 2)
            #expect((validated.stdout + validated.stderr).contains("***@127.0.0.1"), "\(validated.stdout)")
        }
        for format in ["text", "markdown", "json"] {
            #expect(try await gitspaces(["diff", refused, "--format", format] + common).status == 2)
        }
        #expect(try await gitspaces(["apply", refused] + common).status == 2)

        for format in ["text", "markdown", "json"] {
            let diff = try await gitspaces(["diff", config, "--format", format] + common)
            #expect(diff.status == 1, "\(diff.stdout)\(diff.stderr)")
        }
        let applied = try await gitspaces(["apply", config] + common)
        #expect(applied.status == 3, "\(applied.stdout)\(applied.stderr)")
        #expect(applied.stdout.contains("+ create ok-\(id): done"), "\(applied.stdout)\(applied.stderr)")
        #expect(applied.stdout.contains("+ create rejected-\(id): failed:"))
        #expect(applied.stdout.contains("https://***@127.0.0.1:\(server.port)/app"), "\(applied.stdout)")
        // The masked URL in the label is the applied one: the next plan has nothing to replace.
        let again = try await gitspaces(["diff", config] + common)
        #expect(!again.stdout.contains("replace ok-\(id)"), "\(again.stdout)")
        #expect(!again.stdout.contains("ok-\(id)"), "\(again.stdout)")
        for format in ["text", "json"] {
            let status = try await gitspaces(
                ["status", "--format", format, "--listen", "127.0.0.1:1"] + common.prefix(4))
            #expect(status.status == 0, "\(status.stdout)\(status.stderr)")
            #expect(status.stdout.contains("ok-\(id)"))
        }
        let inspect = try await run(
            "sh", ["-c", "docker inspect $(docker ps -aq --filter label=dev.gitspaces.instance=\(instance))"])
        outputs.append(("docker inspect", inspect.stdout))

        for (command, output) in outputs {
            #expect(!output.contains(refusedToken), "\(command) shows the password: \(output)")
            #expect(!output.contains(userToken), "\(command) shows the token: \(output)")
        }
        let stored = try await run(
            "grep", ["-r", "-l", "-a", "-e", userToken, "-e", refusedToken, folder.appending("state")], check: false)
        #expect(stored.stdout.isEmpty, "the token is stored in \(stored.stdout)")
    }
}
