import DockerEngine
import Foundation
import GitspacesTestSupport
import Testing

/// `gitspaces exec`, `gitspaces ssh NAME -- CMD` and `gitspaces logs` through the built binary.
@Suite struct ExecCommandTests {
    @Test func execPassesExitCodesStdinUserAndWorkspaceThrough() async throws {
        try await SSHDImage.ensure()
        let fixture = try await GettingInFixture(image: SSHDImage.reference)
        defer { fixture.remove() }

        #expect(try await fixture.gitspaces(["exec", fixture.name, "--", "true"]).status == 0)
        #expect(try await fixture.gitspaces(["exec", fixture.name, "--", "sh", "-c", "exit 3"]).status == 3)
        let missing = try await fixture.gitspaces(["exec", fixture.name, "--", "sh", "-c", "no-such-command"])
        #expect(missing.status == 127, "\(missing.stderr)")
        // The engine itself cannot start it: 126 (or 127 on some engines), with its message.
        let unstartable = try await fixture.gitspaces(["exec", fixture.name, "--", "no-such-command"])
        #expect([126, 127].contains(unstartable.status))
        #expect(unstartable.stdout.contains("no-such-command") || unstartable.stderr.contains("no-such-command"))

        let whoAndWhere = try await fixture.gitspaces([
            "exec", fixture.name, "--", "sh", "-c", "id -un; pwd; echo err >&2",
        ])
        #expect(whoAndWhere.status == 0)
        #expect(whoAndWhere.stdout == "\(SSHDImage.user)\n\(fixture.workspaceFolder)\n")
        #expect(whoAndWhere.stderr == "err\n")

        let global = fixture.global.joined(separator: " ")
        let piped = try await fixture.shell("echo hi | \"$GITSPACES\" exec \(fixture.name) \(global) -- cat")
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout == "hi\n")

        // `ssh NAME -- CMD` runs the command the same way, without sshd.
        let viaSSH = try await fixture.shell(
            "printf 'a\\nb\\n' | \"$GITSPACES\" ssh \(fixture.name) \(global) -- wc -l")
        #expect(viaSSH.status == 0, "\(viaSSH.stderr)")
        #expect(viaSSH.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "2")

        // A forced TTY: the command sees a terminal.
        let tty = try await fixture.gitspaces(["exec", "-t", fixture.name, "--", "tty"])
        #expect(tty.status == 0, "\(tty.stderr)")
        #expect(tty.stdout.hasPrefix("/dev/pts/"), "\(tty.stdout)")
    }

    @Test func execAndSSHRunAsTheRemoteUserElseTheContainerUser() async throws {
        try await SSHDImage.ensure()
        let both = try await GettingInFixture(
            image: SSHDImage.reference, devcontainer: "\"containerUser\": \"root\", \"remoteUser\": \"dev\"")
        defer { both.remove() }
        #expect(
            try await both.shell("docker exec gitspace-\(both.name) id -un").stdout == "root\n",
            "the container runs as root")
        let exec = try await both.gitspaces(["exec", both.name, "--", "id", "-un"])
        #expect(exec.status == 0, "\(exec.stderr)")
        #expect(exec.stdout == "dev\n")
        let viaSSH = try await both.gitspaces(["ssh", both.name, "--", "id", "-un"])
        #expect(viaSSH.stdout == "dev\n", "\(viaSSH.stderr)")
        let config = try await both.gitspaces(["ssh-config"])
        #expect(config.stdout.contains("User dev"), "\(config.stdout)")

        let containerOnly = try await GettingInFixture(
            image: SSHDImage.reference, devcontainer: "\"containerUser\": \"root\"")
        defer { containerOnly.remove() }
        #expect(try await containerOnly.gitspaces(["exec", containerOnly.name, "--", "id", "-un"]).stdout == "root\n")
    }

    @Test func statusCountsTheGitspacesOwnNamedVolumes() async throws {
        try await BusyboxImage.ensure()
        let fixture = try await GettingInFixture(
            image: BusyboxImage.reference,
            devcontainer: "\"mounts\": [\"source=cache,target=/cache,type=volume\", \"type=volume,target=/tmp/anon\"]")
        defer { fixture.remove() }
        let json = try await fixture.gitspaces(["status", "--format", "json", "--listen", "127.0.0.1:1"])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let entry = (object?["gitspaces"] as? [[String: Any]])?.first
        #expect(entry?["volumes"] as? [String] == ["gitspace-\(fixture.name)_cache"])
        let text = try await fixture.gitspaces(["status", "--listen", "127.0.0.1:1"])
        let lines = text.stdout.split(separator: "\n")
        let header = try #require(lines.first { $0.hasPrefix("NAME") })
        let row = try #require(lines.first { $0.hasPrefix(Substring(fixture.name)) })
        let column = header.distance(from: header.startIndex, to: try #require(header.range(of: "VOLUMES")).lowerBound)
        #expect(row.dropFirst(column).hasPrefix("1 "), "\(text.stdout)")
    }

    /// `gitspaces ssh NAME` on a real pseudo-terminal (util-linux `script`): a login shell in the workspace folder,
    /// the local window size, the exit code, and the local terminal back in its mode afterwards.
    @Test func sshOnATerminalOpensALoginShellInTheWorkspaceAndRestoresTheTerminal() async throws {
        try await SSHDImage.ensure()
        let fixture = try await GettingInFixture(image: SSHDImage.reference)
        defer { fixture.remove() }
        let global = fixture.global.joined(separator: " ")
        let session = try await fixture.shell(
            """
            printf 'stty size; echo "shell in $PWD"; exit 7\\r' | script -qec 'stty rows 40 cols 100; \
            "$GITSPACES" ssh \(fixture.name) \(global); echo "local-rc=$?"; stty -a' /dev/null
            """)
        #expect(session.status == 0, "\(session.stderr)")
        let lines = session.stdout.replacingOccurrences(of: "\r", with: "").split(separator: "\n").map(String.init)
        #expect(lines.contains("40 100"), "\(session.stdout)")
        #expect(lines.contains("shell in \(fixture.workspaceFolder)"), "\(session.stdout)")
        #expect(lines.contains("local-rc=7"), "\(session.stdout)")
        // Raw mode would show -icanon -echo.
        let modes = lines.drop { !$0.hasPrefix("local-rc=") }.joined(separator: " ").split(separator: " ")
        #expect(modes.contains("icanon") && modes.contains("echo"), "\(session.stdout)")
    }

    @Test func execOfAnUnknownOrStoppedGitspaceFailsWith125AndSaysWhatToDo() async throws {
        try await BusyboxImage.ensure()
        let fixture = try await GettingInFixture(image: BusyboxImage.reference)
        defer { fixture.remove() }

        let unknown = try await fixture.gitspaces(["exec", "nope-\(fixture.id)", "--", "true"])
        #expect(unknown.status == 125)
        #expect(unknown.stderr.contains("no Gitspace 'nope-\(fixture.id)' in instance '\(fixture.instance)'"))
        #expect(unknown.stderr.contains("gitspaces apply"))

        let otherInstance = try await Binary.run(
            ["exec", fixture.name, "--instance", "other-\(fixture.id)", "--", "true"])
        #expect(otherInstance.status == 125)
        #expect(otherInstance.stderr.contains("belongs to instance '\(fixture.instance)'"), "\(otherInstance.stderr)")

        // Stopped by hand while its manifest says running: exec starts it again.
        try await run("docker", ["stop", "-t", "0", "gitspace-\(fixture.name)"])
        let woken = try await fixture.gitspaces(["exec", fixture.name, "--", "true"])
        #expect(woken.status == 0, "\(woken.stderr)")
        #expect(woken.stderr.contains("starting stopped gitspace \(fixture.name)"), "\(woken.stderr)")

        // Stopped by its manifest: exec does not start it, and says how to.
        let manifest = fixture.folder.appending("config/gitspace.yaml")
        try (String(contentsOfFile: manifest, encoding: .utf8) + "  state: stopped\n").write(
            toFile: manifest, atomically: true, encoding: .utf8)
        let applied = try await fixture.gitspaces(["apply", fixture.folder.appending("config")])
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        let stopped = try await fixture.gitspaces(["exec", fixture.name, "--", "true"])
        #expect(stopped.status == 125)
        #expect(stopped.stderr.contains("is not running"), "\(stopped.stderr)")
        #expect(stopped.stderr.contains("gitspaces apply"))

        let usage = try await fixture.gitspaces(["exec", fixture.name])
        #expect(usage.status == 2)
    }

    @Test func logsShowLifecycleHookOutputAndContainerOutput() async throws {
        try await BusyboxImage.ensure()
        let fixture = try await GettingInFixture(image: BusyboxImage.reference)
        defer { fixture.remove() }

        let withoutHooks = try await fixture.gitspaces(["logs", fixture.name])
        #expect(withoutHooks.status == 0, "\(withoutHooks.stderr)")
        #expect(withoutHooks.stdout.contains("Container started"))
        #expect(!withoutHooks.stdout.contains("lifecycle hooks"))

        // What the lifecycle hooks runner writes (written here directly).
        let logs = fixture.stateDirectory + "/instances/\(fixture.instance)/logs"
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        try "postCreateCommand: npm install\nhook says hello-\(fixture.id)\n"
            .write(toFile: logs + "/\(fixture.name).log", atomically: true, encoding: .utf8)

        let withHooks = try await fixture.gitspaces(["logs", fixture.name])
        #expect(withHooks.status == 0, "\(withHooks.stderr)")
        let hooks = withHooks.stdout.range(of: "hook says hello-\(fixture.id)")
        let container = withHooks.stdout.range(of: "Container started")
        #expect(hooks != nil && container != nil, "\(withHooks.stdout)")
        if let hooks, let container { #expect(hooks.lowerBound < container.lowerBound) }

        let tail = try await fixture.gitspaces(["logs", fixture.name, "--tail", "1"])
        #expect(tail.stdout.contains("hook says hello-\(fixture.id)"))
        #expect(!tail.stdout.contains("npm install"))

        let unknown = try await fixture.gitspaces(["logs", "nope-\(fixture.id)"])
        #expect(unknown.status == 2)

        // -f keeps following until the container stops, then ends.
        let follow = Process()
        follow.executableURL = URL(fileURLWithPath: Binary.path)
        follow.arguments = ["logs", "-f"] + fixture.global + [fixture.name]
        let output = Pipe()
        follow.standardOutput = output
        follow.standardInput = FileHandle.nullDevice
        try follow.run()
        let late = try await fixture.gitspaces([
            "exec", fixture.name, "--", "sh", "-c", "echo late-line > /proc/1/fd/1",
        ])
        #expect(late.status == 0, "\(late.stderr)")
        #expect(follow.isRunning)
        try await run("docker", ["stop", "-t", "1", "gitspace-\(fixture.name)"])
        let followed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        follow.waitUntilExit()
        #expect(follow.terminationStatus == 0)
        #expect(followed.contains("hook says hello-\(fixture.id)"))
        #expect(followed.contains("late-line"), "\(followed)")
    }
}
