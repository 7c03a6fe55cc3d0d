import DockerEngine
import Foundation
import GitspacesDaemon
import GitspacesTestScope
import GitspacesTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A dockerd of the test's own (its socket, data and exec roots under /tmp, no bridge, no iptables), so that
/// restarting it disturbs no other suite. It runs in a network namespace of its own (`unshare --net`): a
/// dockerd started with `--bridge=none` deletes the host's `docker0`, which the shared engine needs.
final class PrivateDockerd: @unchecked Sendable {
    let root: String
    var host: String { "unix://\(root)/d.sock" }
    private var process: Process?

    init() throws {
        root = "/tmp/gs-dockerd-\(UUID().uuidString.lowercased().prefix(8))"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    static var available: Bool {
        getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare")
            && (try? GitspacesTestSupport.run("dockerd", ["--version"], check: false).status) == 0
    }

    func start() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        process.arguments = [
            "--net", "--", "dockerd", "-H", host, "--data-root", "\(root)/data", "--exec-root", "\(root)/exec",
            "--pidfile", "\(root)/d.pid", "--bridge=none", "--iptables=false", "--ip6tables=false",
        ]
        FileManager.default.createFile(atPath: "\(root)/log", contents: nil)
        let log = FileHandle(forWritingAtPath: "\(root)/log")
        try log?.seekToEnd()
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
        let docker = try DockerClient(host: host)
        let deadline = Date().addingTimeInterval(60)
        var up = false
        while !up, Date() < deadline {
            up = (try? await docker.ping()) != nil
            if !up { try? await Task.sleep(for: .milliseconds(200)) }
        }
        try? await docker.shutdown()
        if !up { throw WaitTimeout(what: "the private dockerd (log: \(root)/log)") }
    }

    /// SIGTERM, as a service manager stops it, and waits for the exit.
    func stop() async {
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning, Date() < deadline { try? await Task.sleep(for: .milliseconds(100)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        self.process = nil
    }

    /// The busybox test image, built inside this engine.
    func loadBusybox() async throws {
        let docker = try DockerClient(host: host)
        do {
            try await docker.buildImage(context: .tar(try BusyboxImage.context().bytes), tag: BusyboxImage.reference)
        } catch {
            try? await docker.shutdown()
            throw error
        }
        try await docker.shutdown()
    }

    func remove() {
        _ = try? GitspacesTestSupport.run("rm", ["-rf", root], check: false)
    }
}

@Suite(.onWidePool) struct EngineRestartTests {
    @Test(.enabled(if: PrivateDockerd.available, "needs root and dockerd"))
    func aDockerdRestartWhileTheDaemonRunsIsRecoveredFrom() async throws {
        // The shared engine's bridge must outlive the private engine's start and stop.
        let bridge = { try? String(contentsOfFile: "/sys/class/net/docker0/ifindex", encoding: .utf8) }
        let bridgeBefore = bridge()
        defer { #expect(bridge() == bridgeBefore, "the host's docker0 was touched") }
        let engine = try PrivateDockerd()
        try await engine.start()
        do {
            try await engine.loadBusybox()
            try await withWorld(dockerHost: engine.host) { world in
                let daemon = try world.startDaemon(interval: "500ms")
                let first = world.name("before")
                try await world.publish(["before.yaml": world.gitspace("before")])
                try await daemon.waitForStatus("before running") { $0.entry(first)?.ready.status == true }

                await engine.stop()
                let second = world.name("after")
                try await world.publish([
                    "before.yaml": world.gitspace("before"), "after.yaml": world.gitspace("after"),
                ])
                try await daemon.waitForStatus("the engine seen down") { $0.daemon.reconcileError != nil }
                #expect(try await daemon.client.request("GET", "/readyz").status == 503)
                #expect(try await daemon.client.request("GET", "/healthz").status == 200)

                try await engine.start()
                let report = try await daemon.waitForStatus("both running after the restart", seconds: 180) {
                    $0.entry(first)?.ready.status == true && $0.entry(second)?.ready.status == true
                }
                #expect(report.daemon.reconcileError == nil)
                #expect(try await world.containers().count == 2)
            }
        } catch {
            await engine.stop()
            engine.remove()
            throw error
        }
        await engine.stop()
        engine.remove()
    }
}
