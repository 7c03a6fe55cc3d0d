import DockerEngine
import Foundation
import GitspacesTestSupport
import Testing

/// `gitspaces ssh-config` and `gitspaces ssh --stdio` with the real OpenSSH client, against a Gitspace whose image
/// has sshd (`SSHDImage`).
@Suite struct SSHCommandTests {
    /// `ssh -F CONFIG ARGS`, non-interactive, bounded in time.
    static func ssh(_ config: String, _ args: [String]) async throws -> (status: Int32, stdout: String, stderr: String)
    {
        try await run(
            "timeout", ["120", "ssh", "-F", config, "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes"] + args,
            check: false)
    }

    @Test func sshWithTheManifestsKeyReachesTheWorkspaceAndAnotherKeyIsRefused() async throws {
        try await SSHDImage.ensure()
        let fixture = try await GettingInFixture(image: SSHDImage.reference)
        defer { fixture.remove() }
        let config = fixture.folder.appending("ssh/config")
        try FileManager.default.createDirectory(
            atPath: fixture.folder.appending("ssh"), withIntermediateDirectories: true)
        let mine = "Host elsewhere\n  User someone\n# a comment without a newline at the end"
        try mine.write(toFile: config, atomically: true, encoding: .utf8)

        let written = try await fixture.gitspaces(["ssh-config", "--write", "--file", config])
        #expect(written.status == 0, "\(written.stderr)")
        // Twice: the block is replaced, not added again.
        #expect(try await fixture.gitspaces(["ssh-config", "--write", "--file", config]).status == 0)
        let text = try String(contentsOfFile: config, encoding: .utf8)
        #expect(text.hasPrefix(mine + "\n\n# BEGIN gitspaces (instance \(fixture.instance))\n"), "\(text)")
        #expect(text.components(separatedBy: "Host \(fixture.name).gitspaces").count == 2, "\(text)")
        let binary = URL(fileURLWithPath: Binary.path).resolvingSymlinksInPath().path
        #expect(
            text.contains(
                "  ProxyCommand \(binary) ssh --stdio \(fixture.name) --instance \(fixture.instance) --state-dir \(fixture.stateDirectory)\n"
            ),
            "\(text)")
        #expect(text.contains("  User \(SSHDImage.user)\n"))
        #expect(text.hasSuffix("# END gitspaces (instance \(fixture.instance))\n"))
        let printed = try await fixture.gitspaces(["ssh-config"])
        #expect(printed.status == 0)
        #expect(text.hasSuffix(printed.stdout), "\(printed.stdout)")

        let host = "\(fixture.name).gitspaces"
        let command =
            "id -un; git -C \(fixture.workspaceFolder) status --short --branch; ls \(fixture.workspaceFolder); echo \"$GREETING\""
        let allowed = try await Self.ssh(config, ["-i", fixture.key, host, command])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(allowed.stdout.hasPrefix("\(SSHDImage.user)\n## main"), "\(allowed.stdout)")
        #expect(allowed.stdout.contains("README.md"))
        // The Gitspace's environment (the manifest's env) reaches ssh sessions too.
        #expect(allowed.stdout.hasSuffix("hello \"quoted\" world\n"), "\(allowed.stdout)")

        let refused = try await Self.ssh(config, ["-i", fixture.otherKey, host, "true"])
        #expect(refused.status == 255)
        #expect(refused.stderr.contains("Permission denied"), "\(refused.stderr)")
    }

    @Test func portForwardingThroughSSHReachesAServerInTheGitspace() async throws {
        try await SSHDImage.ensure()
        let fixture = try await GettingInFixture(image: SSHDImage.reference)
        defer { fixture.remove() }
        let config = fixture.folder.appending("ssh_config")
        let written = try await fixture.gitspaces(["ssh-config", "--write", "--file", config])
        #expect(written.status == 0, "\(written.stderr)")
        let server = try await fixture.gitspaces([
            "exec", fixture.name, "--", "sh", "-c",
            "mkdir -p /tmp/www && echo hello-from-\(fixture.id) > /tmp/www/index.html && httpd -p 127.0.0.1:8080 -h /tmp/www",
        ])
        #expect(server.status == 0, "\(server.stderr)")

        let port = try freeLoopbackPort()
        // Not `Process`: see `BackgroundProcess` for why a long-lived ssh must not be started with it.
        let tunnel = try BackgroundProcess(
            "ssh",
            [
                "-F", config, "-i", fixture.key, "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
                "-o", "ExitOnForwardFailure=yes", "-N", "-L", "127.0.0.1:\(port):127.0.0.1:8080",
                "\(fixture.name).gitspaces",
            ])
        defer { tunnel.terminate() }
        var body = ""
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, tunnel.isRunning {
            if let fetched = httpGet(loopbackPort: port) {
                body = fetched
                break
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(body == "hello-from-\(fixture.id)\n")
    }

    @Test func sshStdioWithoutSSHDInTheImageSaysWhatToAdd() async throws {
        try await BusyboxImage.ensure()
        let fixture = try await GettingInFixture(image: BusyboxImage.reference)
        defer { fixture.remove() }
        let result = try await fixture.gitspaces(["ssh", "--stdio", fixture.name])
        #expect(result.status == 125, "\(result.stdout)")
        #expect(result.stderr.contains("openssh-server"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }
}
