import Foundation
import GitspacesTestSupport
import Testing

/// Dotfiles through the binary: a private dotfiles repository on the source's host is fetched with the source's
/// `spec.credentials`, installed, and the token shows nowhere (output, state, the copy in the container).
@Suite struct DotfilesCredentialsTests {
    @Test func dotfilesOnTheSourcesHostAreFetchedWithItsTokenWhichIsNeverShown() async throws {
        try await DevUserImage.ensure()
        let scope = try InstanceScope("dots")
        defer { scope.remove() }
        let (folder, id, instance) = (scope.folder, scope.id, scope.instance)
        let token = "tok" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let served = folder.appending("served")
        let source = try GitFixture(at: served + "/app")
        try source.write(
            ".devcontainer/devcontainer.json",
            "{\"image\": \"\(DevUserImage.reference)\", \"remoteUser\": \"\(DevUserImage.user)\"}")
        try source.commit("source")
        let dotfiles = try GitFixture(at: served + "/dots")
        try dotfiles.write("install.sh", "#!/bin/sh\necho \"installed by $(id -un)\" > \"$HOME/.dots-ok\"\n")
        try dotfiles.commit("dotfiles")
        let server = try GitHTTPServer(basePath: served, token: token)
        defer { server.stop() }
        let secrets = folder.appending("secrets")
        try FileManager.default.createDirectory(atPath: secrets, withIntermediateDirectories: true)
        try Data("\(token)\n".utf8).write(to: URL(fileURLWithPath: secrets + "/forge-token"))
        let config = folder.appending("config")
        try FileManager.default.createDirectory(atPath: config, withIntermediateDirectories: true)
        try """
        apiVersion: gitspaces/v1
        kind: Gitspace
        metadata: {name: dots-\(id)}
        spec:
          repo: \(server.url(for: "app"))
          credentials: forge-token
          hardware: {cpus: 0.25, memory: 32Mi}
          dotfiles: {repo: \(server.url(for: "dots"))}
        """.write(toFile: config + "/g.yaml", atomically: true, encoding: .utf8)
        let place = ["--instance", instance, "--state-dir", folder.appending("state")]
        let common = place + ["--credentials-dir", secrets]
        let env = ["NO_COLOR": "1", "SSL_CERT_FILE": server.caFile]

        let applied = try await run(Binary.path, ["apply", config] + common, env: env, check: false)
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        #expect(applied.stdout.contains("dotfiles.credentials"), "the source's secret is used: \(applied.stdout)")
        #expect(applied.stdout.contains("dotfiles ran install.sh"), "\(applied.stdout)\(applied.stderr)")
        let container = "gitspace-dots-\(id)"
        let inside = try await run(
            "docker", ["exec", "-u", "dev", container, "sh", "-c", "cat ~/.dots-ok; cat ~/dotfiles/.git/config"])
        #expect(inside.stdout.hasPrefix("installed by dev\n"), "\(inside.stdout)")
        #expect(inside.stdout.contains(server.url(for: "dots")), "the copy is a clone of the real remote")
        let status = try await run(
            Binary.path, ["status", "--format", "json", "--listen", "127.0.0.1:1"] + place, env: env, check: false)
        #expect(status.stdout.contains("\"state\" : \"installed\""), "\(status.stdout)\(status.stderr)")
        let logs = try await run(Binary.path, ["logs", "dots-\(id)"] + place, env: env, check: false)
        #expect(logs.stdout.contains("ran install.sh (exit 0)"), "\(logs.stdout)\(logs.stderr)")
        let stored = try await run("grep", ["-r", "-l", "-a", token, folder.appending("state")], check: false)
        #expect(stored.stdout.isEmpty, "the token is stored in \(stored.stdout)")
        let everything = applied.stdout + applied.stderr + inside.stdout + status.stdout + logs.stdout
        #expect(!everything.contains(token))
    }
}
