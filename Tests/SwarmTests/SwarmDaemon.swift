import Foundation
import GitspacesDaemon
import GitspacesTestScope
import GitspacesTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `gitspaces daemon --backend swarm` as a child process against the test swarm, following a config repository on
/// disk; its Gitspaces use `SwarmFixture`'s source repository.
final class SwarmDaemon: @unchecked Sendable {
    let fixture: SwarmFixture
    let cluster: SwarmCluster
    let configRepository: GitFixture
    let process: Process
    let port: Int
    let logPath: String
    var client: StatusClient { StatusClient(address: "127.0.0.1:\(port)") }

    init(cluster: SwarmCluster, fixture: SwarmFixture, interval: String = "300ms") throws {
        self.cluster = cluster
        self.fixture = fixture
        configRepository = try GitFixture(at: fixture.folder.appending("config-repository"))
        try configRepository.write("README.md", "the config repository of a swarm daemon test\n")
        _ = try configRepository.commit("empty config")
        port = try freeLoopbackPort()
        logPath = fixture.folder.appending("daemon.log")
        FileManager.default.createFile(atPath: logPath, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: GitspacesBinary.path)
        process.arguments = [
            "daemon", "--backend", "swarm", "--docker-host", fixture.host, "--repo", configRepository.path,
            "--interval", interval, "--state-dir", fixture.folder.appending("state"), "--instance", fixture.instance,
            "--listen", "127.0.0.1:\(port)", "--log-level", "debug", "--allow-mass-delete", "true",
        ]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle(forWritingAtPath: logPath)
        process.standardError = FileHandle(forWritingAtPath: logPath)
        process.environment = ProcessInfo.processInfo.environment.merging(["NO_COLOR": "1"]) { _, new in new }
        try process.run()
    }

    /// A Gitspace manifest on the fixture's source.
    func manifest(_ name: String, cpus: String = "0.25") -> String {
        """
        apiVersion: gitspaces/v1
        kind: Gitspace
        metadata: {name: \(name)}
        spec:
          repo: file://\(fixture.source)
          hardware: {cpus: \(cpus), memory: 64Mi}
          deletionPolicy: Delete

        """
    }

    /// Replaces the manifests with `files` and commits; returns the commit.
    @discardableResult
    func publish(_ files: [String: String], message: String = "config") async throws -> String {
        let repository = configRepository
        return try await onOwnThread {
            let existing = (try? FileManager.default.contentsOfDirectory(atPath: repository.path)) ?? []
            for file in existing where file.hasSuffix(".yaml") { try repository.remove(file) }
            for (path, text) in files { try repository.write(path, text) }
            return try repository.commit(message)
        }
    }

    func log() -> String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    func metrics() async throws -> String {
        String(decoding: try await client.request("GET", "/metrics").body, as: UTF8.self)
    }

    func events(_ name: String) async -> [GitspaceEvent] {
        (try? await client.events(name: name)) ?? []
    }

    /// Polls `/status` until `condition` holds; records the last status and the log's end when it never does.
    @discardableResult
    func waitForStatus(
        _ what: String, seconds: Double = 240, sourceLocation: SourceLocation = #_sourceLocation,
        _ condition: (StatusReport) -> Bool
    ) async throws -> StatusReport {
        var last: StatusReport?
        let held = try await poll(seconds: seconds, interval: .milliseconds(200)) { () async -> StatusReport? in
            guard let report = try? await client.report() else { return nil }
            last = report
            return condition(report) ? report : nil
        }
        if let held { return held }
        let shown = last.map { String(decoding: $0.json(), as: UTF8.self) } ?? "no status"
        Issue.record(
            "timed out waiting for \(what): \(shown)\n--- daemon log:\n\(log().suffix(3000))",
            sourceLocation: sourceLocation)
        throw WaitTimeout(what: what)
    }

    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            let deadline = Date().addingTimeInterval(30)
            while process.isRunning, Date() < deadline { usleep(50_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
    }
}

extension StatusReport {
    func entry(_ name: String) -> GitspaceStatus? { gitspaces.first { $0.name == name } }
}
