import DockerEngine
import Foundation
import GitspacesDaemon
import GitspacesTestScope
import GitspacesTestSupport
import Reconciler
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The built `gitspaces` binary, next to the test bundle in the products folder.
enum Binary {
    static let path: String = {
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var candidate = products.appendingPathComponent("gitspaces").path
        if !FileManager.default.isExecutableFile(atPath: candidate) {
            candidate = products.deletingLastPathComponent().appendingPathComponent("gitspaces").path
        }
        return candidate
    }()
}

/// One test's world for the daemon: a source repository whose devcontainer.json names the busybox test
/// image, a config repository served by `git daemon` on 127.0.0.1, a state directory, a webhook secret and
/// an instance of its own. Everything it made is removed by `cleanup()`.
final class DaemonWorld: @unchecked Sendable {
    let id = String(UUID().uuidString.lowercased().prefix(8))
    let folder: TemporaryDirectory
    let source: GitFixture
    let config: GitFixture
    let gitDaemon: GitDaemon
    let docker: DockerClient
    let dockerHost: String?
    let secret = "s3cret-\(UUID().uuidString)"
    var daemons: [DaemonProcess] = []

    var instance: String { "test-\(id)" }
    var stateDirectory: String { folder.appending("state") }
    var configURL: String { gitDaemon.url(for: "config.git") }
    var secretFile: String { folder.appending("webhook-secret") }

    func name(_ base: String) -> String { "\(base)-\(id)" }

    init(dockerHost: String? = nil) async throws {
        self.dockerHost = dockerHost
        if dockerHost == nil { try await BusyboxImage.ensure() }
        folder = try TemporaryDirectory()
        source = try GitFixture(at: folder.appending("source"))
        try source.write(".devcontainer/devcontainer.json", "{\"image\": \"\(BusyboxImage.reference)\"}\n")
        try source.commit("source")
        try await GitspacesTestSupport.run(
            "git", ["init", "--quiet", "--bare", "-b", "main", folder.appending("served/config.git")])
        config = try GitFixture(at: folder.appending("config"))
        try config.git("remote", "add", "origin", folder.appending("served/config.git"))
        try config.write("README.md", "the config repository of a daemon test\n")
        try config.commit("empty config")
        try config.git("push", "--quiet", "origin", "main")
        gitDaemon = try GitDaemon(basePath: folder.appending("served"))
        try Data(secret.utf8).write(to: URL(fileURLWithPath: folder.appending("webhook-secret")))
        docker = try DockerClient(host: dockerHost)
    }

    /// A Gitspace manifest for the test's source repository.
    func gitspace(_ base: String, state: String = "running", cpus: String = "0.5", deletionPolicy: String = "Retain")
        -> String
    {
        """
        apiVersion: gitspaces/v1
        kind: Gitspace
        metadata: {name: \(name(base))}
        spec:
          repo: \(source.url)
          hardware: {cpus: \(cpus), memory: 64Mi}
          state: \(state)
          deletionPolicy: \(deletionPolicy)
        """
    }

    /// Replaces the manifests with `files` (path → text), commits and pushes; returns the commit.
    @discardableResult
    func publish(_ files: [String: String], message: String = "config") throws -> String {
        let existing = (try? FileManager.default.contentsOfDirectory(atPath: config.path)) ?? []
        for file in existing where file.hasSuffix(".yaml") { try config.remove(file) }
        for (path, text) in files { try config.write(path, text) }
        let commit = try config.commit(message)
        try config.git("push", "--quiet", "origin", "main")
        return commit
    }

    /// `publish` run on a thread of its own, so the test's git commands do not hold the cooperative pool.
    @discardableResult
    func publish(_ files: [String: String], message: String = "config") async throws -> String {
        try await onOwnThread { try self.publish(files, message: message) }
    }

    /// Starts `gitspaces daemon` on a free port against this world.
    func startDaemon(interval: String = "1s", extra: [String] = [], stateDirectory: String? = nil) throws
        -> DaemonProcess
    {
        var arguments = [
            "daemon", "--repo", configURL, "--interval", interval, "--state-dir", stateDirectory ?? self.stateDirectory,
            "--instance", instance, "--webhook-secret-file", secretFile, "--log-level", "debug",
        ]
        if let dockerHost { arguments += ["--docker-host", dockerHost] }
        let daemon = try DaemonProcess.start(arguments: arguments + extra, logDirectory: folder.path)
        daemons.append(daemon)
        return daemon
    }

    /// Containers of this instance on the engine, by Gitspace name.
    func containers() async throws -> [String: ContainerSummary] {
        let list = try await docker.list(labels: [ContainerIdentity.instanceLabel: instance], all: true)
        var byName: [String: ContainerSummary] = [:]
        for container in list {
            let name = container.labels[ContainerIdentity.nameLabel] ?? container.name
            #expect(byName[name] == nil, "two containers for \(name)")
            byName[name] = container
        }
        return byName
    }

    /// Removes the containers of this world's instance and of those derived from it (`<instance>-<n>`).
    private func removeContainers() async {
        guard let containers = try? await docker.list(labels: [ContainerIdentity.instanceLabel: nil]) else { return }
        for container in containers
        where container.labels[ContainerIdentity.instanceLabel].map({ $0 == instance || $0.hasPrefix(instance + "-") })
            == true
        {
            _ = try? await docker.remove(container.id, force: true)
        }
    }

    func workspace(_ base: String) -> String {
        WorkspaceStore(stateDirectory: stateDirectory, instance: instance).path(for: name(base))
    }

    func cleanup() async {
        for daemon in daemons {
            daemon.kill(SIGKILL)
            _ = await daemon.waitForExit(seconds: 30)
        }
        // A create a killed daemon had sent can still land on the engine after the first sweep (one such container was
        // left behind in a fresh-clone CI run): sweep again a moment later.
        await removeContainers()
        try? await Task.sleep(for: .milliseconds(500))
        await removeContainers()
        try? await docker.shutdown()
        gitDaemon.stop()
        folder.remove()
    }
}

/// Daemon worlds at once: each runs a daemon, a git daemon and containers.
let worldGate = TestGate(width: 4)

/// Runs `body` with a fresh world and always cleans up; at most `worldGate`'s width of worlds at once.
func withWorld(dockerHost: String? = nil, _ body: (DaemonWorld) async throws -> Void) async throws {
    try await worldGate.run { try await withOpenWorld(dockerHost: dockerHost, body) }
}

private func withOpenWorld(dockerHost: String?, _ body: (DaemonWorld) async throws -> Void) async throws {
    let world = try await DaemonWorld(dockerHost: dockerHost)
    do {
        try await body(world)
    } catch {
        for daemon in world.daemons { print("--- daemon log \(daemon.logPath):\n" + daemon.log().suffix(4000)) }
        await world.cleanup()
        throw error
    }
    await world.cleanup()
}

/// `gitspaces daemon` as a child process, its output in a log file.
final class DaemonProcess: @unchecked Sendable {
    let process: Process
    let port: Int
    let logPath: String
    var client: StatusClient { StatusClient(address: "127.0.0.1:\(port)") }

    private init(process: Process, port: Int, logPath: String) {
        self.process = process
        self.port = port
        self.logPath = logPath
    }

    static func start(arguments: [String], logDirectory: String) throws -> DaemonProcess {
        let port = try freeLoopbackPort()
        let logPath = "\(logDirectory)/daemon-\(port).log"
        FileManager.default.createFile(atPath: logPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = arguments + ["--listen", "127.0.0.1:\(port)"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle(forWritingAtPath: logPath)
        process.standardError = FileHandle(forWritingAtPath: logPath)
        try process.run()
        return DaemonProcess(process: process, port: port, logPath: logPath)
    }

    func log() -> String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    func kill(_ signal: Int32) {
        if process.isRunning { Glibc.kill(process.processIdentifier, signal) }
    }

    /// Waits for the process to end; nil when it is still running at the deadline.
    func waitForExit(seconds: Double) async -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning { return nil }
        return process.terminationStatus
    }

    func status() async -> StatusReport? {
        try? await client.report()
    }

    /// Polls the daemon's status until `condition` holds; fails the test with the last status and the log if not.
    @discardableResult
    func waitForStatus(
        _ what: String, seconds: Double = 240, sourceLocation: SourceLocation = #_sourceLocation,
        _ condition: (StatusReport) -> Bool
    ) async throws -> StatusReport {
        var last: StatusReport?
        let held = try await poll(seconds: seconds, interval: .milliseconds(100)) { () async -> StatusReport? in
            guard let report = await status() else { return nil }
            last = report
            return condition(report) ? report : nil
        }
        if let held { return held }
        let shown = last.map { String(decoding: $0.json(), as: UTF8.self) } ?? "no status"
        Issue.record("timed out waiting for \(what): \(shown)", sourceLocation: sourceLocation)
        throw WaitTimeout(what: what)
    }

    /// POSTs to `/hooks/git` with a signature made with `secret`.
    func postHook(body: String, secret: String, header: String = "X-Hub-Signature-256") async throws -> Int {
        let signature = WebhookVerifier(secret: Array(secret.utf8)).signature(for: Array(body.utf8))
        return try await client.request(
            "POST", "/hooks/git",
            headers: [header: signature, "X-GitHub-Event": "push", "Content-Type": "application/json"],
            body: Array(body.utf8)
        ).status
    }
}

extension StatusReport {
    func entry(_ name: String) -> GitspaceStatus? { gitspaces.first { $0.name == name } }
}
