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

    @Test func execStreamsOutputBeforeTheCommandEnds() async throws {
        try await BusyboxImage.ensure()
        try await withDockerTestScope { docker, scope in
            let id = try await docker.create(name: scope.name("exec-stream"), spec: scope.spec(cmd: ["sleep", "600"]))
            try await docker.start(id)
            let firstChunkAt = Received()
            let clock = ContinuousClock()
            let start = clock.now
            let times = TimesBox()
            let result = try await docker.exec(id, command: ["sh", "-c", "echo first; sleep 1; echo second"]) {
                chunk in
                firstChunkAt.add(chunk)
                times.record(clock.now - start)
            }
            let total = clock.now - start
            #expect(result.stdout == "first\nsecond\n")
            let first = try #require(times.first)
            #expect(first < total - .milliseconds(500), "the first line arrived only at the end")
        }
    }

    @Test func execKeepsOnlyTheEndOfHugeOutput() async throws {
        try await BusyboxImage.ensure()
        try await withDockerTestScope { docker, scope in
            let id = try await docker.create(name: scope.name("exec-big"), spec: scope.spec(cmd: ["sleep", "600"]))
            try await docker.start(id)
            // 2 MiB of 'x' lines, then a marker.
            let result = try await docker.exec(
                id, command: ["sh", "-c", "head -c 2097152 /dev/zero | tr '\\0' x; echo; echo END"])
            #expect(result.exitCode == 0)
            #expect(result.truncated)
            #expect(result.stdout.utf8.count == DockerClient.execCaptureLimit)
            #expect(result.stdout.hasSuffix("x\nEND\n"))
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

    final class TimesBox: @unchecked Sendable {
        private let lock = NSLock()
        private var times: [Duration] = []

        func record(_ time: Duration) {
            lock.withLock { times.append(time) }
        }

        var first: Duration? { lock.withLock { times.first } }
    }
}
