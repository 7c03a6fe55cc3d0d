import DockerEngine
import Foundation
import GitspacesTestSupport
import Testing

/// Interactive exec over a hijacked connection: stdin in, output out, half-close, TTY and resize.
@Suite("exec on a hijacked connection")
struct ExecSessionTests {
    /// Runs `configuration` in `container` with `input` on its stdin; returns exit code, stdout and stderr.
    static func run(
        _ docker: DockerClient, _ container: String, _ configuration: ExecConfiguration, input: String?
    ) async throws -> (code: Int, stdout: String, stderr: String) {
        let execID = try await docker.createExec(container, configuration)
        let connection = try await docker.startExec(execID, tty: configuration.tty)
        defer { connection.close() }
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
        }
        try stdin.fileHandleForWriting.close()
        try await connection.bridge(
            input: input == nil ? nil : stdin.fileHandleForReading.fileDescriptor,
            output: stdout.fileHandleForWriting.fileDescriptor, errorOutput: stderr.fileHandleForWriting.fileDescriptor)
        try stdout.fileHandleForWriting.close()
        try stderr.fileHandleForWriting.close()
        let out = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let err = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (try await docker.execExitCode(execID), out, err)
    }

    @Test func stdinReachesTheProcessAndItsEndIsPassedOnAsEndOfFile() async throws {
        try await BusyboxImage.ensure()
        try await withDockerTestScope { docker, scope in
            let id = try await docker.create(name: scope.name("attach"), spec: scope.spec(cmd: ["sleep", "600"]))
            try await docker.start(id)
            // `cat` only ends when its stdin ends: without the half-close this would hang, not pass.
            let result = try await Self.run(
                docker, id,
                ExecConfiguration(command: ["sh", "-c", "cat; echo done >&2; exit 3"]),
                input: "hello\nworld\n")
            #expect(result.code == 3)
            #expect(result.stdout == "hello\nworld\n")
            #expect(result.stderr == "done\n")
        }
    }

    @Test func largeInputRoundTripsThroughTheProcess() async throws {
        try await BusyboxImage.ensure()
        try await withDockerTestScope { docker, scope in
            let id = try await docker.create(name: scope.name("attach-big"), spec: scope.spec(cmd: ["sleep", "600"]))
            try await docker.start(id)
            let input = String(repeating: "0123456789abcdef", count: 2048)  // 32 KiB, several frames
            let result = try await Self.run(
                docker, id, ExecConfiguration(command: ["wc", "-c"]), input: input)
            #expect(result.code == 0)
            #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "\(input.utf8.count)")
        }
    }

    @Test func aTTYExecGetsAPseudoTerminalOfTheSizeItIsGiven() async throws {
        try await BusyboxImage.ensure()
        try await withDockerTestScope { docker, scope in
            let id = try await docker.create(name: scope.name("attach-tty"), spec: scope.spec(cmd: ["sleep", "600"]))
            try await docker.start(id)
            // The size given at the start is there at once; the command then waits for a line on its stdin (sent
            // after the resize) and reports the size again.
            let execID = try await docker.createExec(
                id, ExecConfiguration(command: ["sh", "-c", "stty size; read line; stty size; tty; exit 5"], tty: true))
            let connection = try await docker.startExec(execID, tty: true, consoleSize: (rows: 21, columns: 77))
            defer { connection.close() }
            try await docker.resizeExec(execID, rows: 33, columns: 111)
            let stdin = Pipe()
            let stdout = Pipe()
            stdin.fileHandleForWriting.write(Data("go\n".utf8))
            try await connection.bridge(
                input: stdin.fileHandleForReading.fileDescriptor, output: stdout.fileHandleForWriting.fileDescriptor,
                errorOutput: stdout.fileHandleForWriting.fileDescriptor)
            try stdin.fileHandleForWriting.close()
            try stdout.fileHandleForWriting.close()
            let output = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            if try await docker.apiVersion() >= APIVersion(1, 42) {
                #expect(output.contains("21 77"), "\(output)")
            }
            #expect(output.contains("33 111"), "\(output)")
            #expect(output.contains("/dev/pts/"), "\(output)")
            #expect(try await docker.execExitCode(execID) == 5)
        }
    }

    @Test func aMissingCommandEndsWithTheEnginesCannotRunCode() async throws {
        try await BusyboxImage.ensure()
        try await withDockerTestScope { docker, scope in
            let id = try await docker.create(name: scope.name("attach-127"), spec: scope.spec(cmd: ["sleep", "600"]))
            try await docker.start(id)
            let result = try await Self.run(
                docker, id, ExecConfiguration(command: ["no-such-command"], attachStdin: false), input: nil)
            // Engines answer 126 or 127 for a command they cannot find.
            #expect([126, 127].contains(result.code))
        }
    }

    @Test func startingAnExecOfAStoppedContainerIsAConflict() async throws {
        try await BusyboxImage.ensure()
        try await withDockerTestScope { docker, scope in
            let id = try await docker.create(
                name: scope.name("attach-stopped"), spec: scope.spec(cmd: ["sleep", "600"]))
            try await docker.start(id)
            let execID = try await docker.createExec(id, ExecConfiguration(command: ["true"]))
            try await docker.stop(id, timeout: 0)
            let error = await #expect(throws: EngineError.self) {
                _ = try await docker.startExec(execID, tty: false)
            }
            #expect(error?.code == .conflict || error?.code == .notFound, "\(String(describing: error))")
        }
    }

    @Test func startingAnUnknownExecIsNotFound() async throws {
        let docker = try DockerClient()
        let error = await #expect(throws: EngineError.self) {
            _ = try await docker.startExec(String(repeating: "0", count: 64), tty: false)
        }
        #expect(error?.code == .notFound, "\(String(describing: error))")
        try await docker.shutdown()
    }

    @Test func anUnreachableEngineIsReportedAsSuch() async throws {
        let docker = try DockerClient(host: "unix:///nonexistent/docker.sock")
        let error = await #expect(throws: EngineError.self) {
            _ = try await docker.startExec("abc", tty: false)
        }
        #expect(error?.code == .unreachable)
        try await docker.shutdown()
    }
}
