import DockerEngine
import Foundation
import GitspacesTestSupport
import Testing

@Suite("exec in a running container")
struct ExecTests {
    /// Collects what the streaming callback receives.
    final class Received: @unchecked Sendable {
        private let lock = NSLock()
        private var chunks: [OutputChunk] = []

        func add(_ chunk: OutputChunk) {
            lock.withLock { chunks.append(chunk) }
        }

        func text(of stream: OutputChunk.Stream) -> String {
            lock.withLock { chunks.filter { $0.stream == stream }.map(\.text).joined() }
        }

        var count: Int { lock.withLock { chunks.count } }
    }

    @Test func execReturnsExitCodeAndSeparatedOutputAndStreamsIt() async throws {
        try await BusyboxImage.ensure()
        try await withDockerTestScope { docker, scope in
            let id = try await docker.create(name: scope.name("exec"), spec: scope.spec(cmd: ["sleep", "600"]))
            try await docker.start(id)

            let received = Received()
            let result = try await docker.exec(
                id, command: ["sh", "-c", "echo out; echo err >&2; exit 7"], output: { received.add($0) })
            #expect(result.exitCode == 7)
            #expect(result.stdout == "out\n")
            #expect(result.stderr == "err\n")
            #expect(!result.truncated)
            #expect(received.text(of: .stdout) == "out\n")
            #expect(received.text(of: .stderr) == "err\n")
        }
    }

    @Test func execPassesUserWorkingDirectoryAndEnvironment() async throws {
        try await BusyboxImage.ensure()
        try await withDockerTestScope { docker, scope in
            let id = try await docker.create(name: scope.name("exec-env"), spec: scope.spec(cmd: ["sleep", "600"]))
            try await docker.start(id)
            let result = try await docker.exec(
                id, command: ["sh", "-c", "echo \"$(id -u):$(pwd):$GREETING\""], user: "1234", workingDir: "/tmp",
                env: ["GREETING=hi there"])
            #expect(result.exitCode == 0)
            #expect(result.stdout == "1234:/tmp:hi there\n")
        }
    }

    /// The command prints a line, then waits until the test has seen that line (through the streaming
    /// callback) and says so by creating a file. Without streaming the line would only arrive at the end,
    /// the file would never appear, and the command would give up and print "gave up" instead.
    @Test func execStreamsOutputBeforeTheCommandEnds() async throws {
        try await BusyboxImage.ensure()
        try await withDockerTestScope { docker, scope in
            let id = try await docker.create(name: scope.name("exec-stream"), spec: scope.spec(cmd: ["sleep", "600"]))
            try await docker.start(id)
            let received = Received()
            let script =
                "echo first; i=0; while [ ! -e /tmp/seen ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done; "
                + "if [ -e /tmp/seen ]; then echo second; else echo gave up; fi"
            let result = try await withThrowingTaskGroup(of: ExecResult?.self) { group in
                group.addTask {
                    try await docker.exec(id, command: ["sh", "-c", script]) { chunk in received.add(chunk) }
                }
                group.addTask {
                    // Bounded like the command: the test ends whatever the engine does.
                    for _ in 0..<1_500 where !received.text(of: .stdout).contains("first") {
                        try await Task.sleep(for: .milliseconds(20))
                    }
                    _ = try await docker.exec(id, command: ["touch", "/tmp/seen"])
                    return nil
                }
                var result: ExecResult?
                for try await value in group where value != nil { result = value }
                return result
            }
            #expect(result?.stdout == "first\nsecond\n")
        }
    }

    /// 2 MiB of 'x', then a marker; only the last MiB is kept. The command exits only once the test has seen
    /// the marker (it waits for a file the test creates then): dockerd can drop what it has not yet
    /// forwarded when an exec's process exits (moby/moby#27289), which a loaded suite made visible.
    @Test func execKeepsOnlyTheEndOfHugeOutput() async throws {
        try await BusyboxImage.ensure()
        try await withDockerTestScope { docker, scope in
            let id = try await docker.create(name: scope.name("exec-big"), spec: scope.spec(cmd: ["sleep", "600"]))
            try await docker.start(id)
            let marker = MarkerWatch(marker: Array("x\nEND\n".utf8))
            let script =
                "head -c 2097152 /dev/zero | tr '\\0' x; echo; echo END; "
                + "i=0; while [ ! -e /tmp/seen ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i+1)); done"
            let result = try await withThrowingTaskGroup(of: ExecResult?.self) { group in
                group.addTask {
                    try await docker.exec(id, command: ["sh", "-c", script]) { chunk in
                        if chunk.stream == .stdout { marker.add(chunk.bytes) }
                    }
                }
                group.addTask {
                    for _ in 0..<6_000 where !marker.seen { try await Task.sleep(for: .milliseconds(20)) }
                    _ = try await docker.exec(id, command: ["touch", "/tmp/seen"])
                    return nil
                }
                var result: ExecResult?
                for try await value in group where value != nil { result = value }
                return result
            }
            let output = try #require(result)
            #expect(output.exitCode == 0)
            #expect(output.truncated)
            #expect(output.stdout.utf8.count == DockerClient.execCaptureLimit)
            #expect(output.stdout.hasSuffix("x\nEND\n"))
        }
    }

    @Test func execInAStoppedContainerIsAConflict() async throws {
        try await BusyboxImage.ensure()
        try await withDockerTestScope { docker, scope in
            let id = try await docker.create(name: scope.name("exec-stopped"), spec: scope.spec(cmd: ["true"]))
            let error = try await #require(throws: EngineError.self) {
                try await docker.exec(id, command: ["true"])
            }
            #expect(error.code == .conflict)
            #expect(error.message.contains("is not running"))

            let missing = try await #require(throws: EngineError.self) {
                try await docker.exec("gitspaces-test-missing-\(scope.caseID)", command: ["true"])
            }
            #expect(missing.code == .notFound)
        }
    }
}

/// Whether a byte stream, fed in chunks, has ended with `marker` at some point.
private final class MarkerWatch: @unchecked Sendable {
    private let lock = NSLock()
    private let marker: [UInt8]
    private var tail: [UInt8] = []
    private var found = false

    init(marker: [UInt8]) { self.marker = marker }

    func add(_ bytes: [UInt8]) {
        lock.lock()
        defer { lock.unlock() }
        tail = Array((tail + bytes.suffix(marker.count)).suffix(marker.count))
        if tail == marker { found = true }
    }

    var seen: Bool {
        lock.lock()
        defer { lock.unlock() }
        return found
    }
}
