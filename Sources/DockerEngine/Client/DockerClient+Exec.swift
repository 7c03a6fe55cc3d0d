internal import AsyncHTTPClient
import NIOCore
import NIOHTTP1

extension DockerClient {
    /// The most of each of stdout and stderr `exec` keeps (the end is kept): 1 MiB.
    package static let execCaptureLimit = 1024 * 1024

    /// Runs `command` in a running container and waits for it to end.
    ///
    /// Output is streamed to `output` as it arrives (in the order the engine sends it) and captured in the result,
    /// bounded to the last `execCaptureLimit` bytes of each stream. The call is not bound by the request timeout;
    /// cancel the task to give up waiting (the command itself keeps running in the container).
    ///
    /// - Parameters:
    ///   - user: `name`, `uid` or `uid:gid`; the container's user when `nil`.
    ///   - workingDir: the container's working directory when `nil`.
    ///   - env: extra `KEY=VALUE` variables.
    /// - Throws: `.notFound` without such a container, `.conflict` when it is not running.
    package func exec(
        _ container: String, command: [String], user: String? = nil, workingDir: String? = nil, env: [String] = [],
        output: (@Sendable (OutputChunk) -> Void)? = nil
    ) async throws -> ExecResult {
        let operation = "exec in \(container): \(command.joined(separator: " "))"
        let execID = try await createExec(
            container, command: command, user: user, workingDir: workingDir, env: env, tty: false, attachStdin: false,
            operation: operation)

        let response = try await send(
            try EngineRequest.post("/exec/\(execID)/start").json(["Detach": false, "Tty": false]),
            operation: operation)
        guard response.status.code == 200 || response.status.code == 101 else {
            throw await error(from: response, operation: operation)
        }
        var stdout = TailBuffer(limit: Self.execCaptureLimit)
        var stderr = TailBuffer(limit: Self.execCaptureLimit)
        var demultiplexer = StreamDemultiplexer()
        do {
            for try await buffer in response.body {
                for chunk in try demultiplexer.feed(buffer.readableBytesView) {
                    if chunk.stream == .stderr { stderr.append(chunk.bytes) } else { stdout.append(chunk.bytes) }
                    output?(chunk)
                }
            }
            try demultiplexer.finish()
        } catch {
            throw Self.readFailure(error, reading: "the exec output", operation: operation)
        }

        let exitCode = try await execExitCode(execID, operation: operation)
        return ExecResult(
            exitCode: exitCode, stdout: String(decoding: stdout.bytes, as: UTF8.self),
            stderr: String(decoding: stderr.bytes, as: UTF8.self),
            truncated: stdout.wasTruncated || stderr.wasTruncated)
    }

    func createExec(
        _ container: String, command: [String], user: String?, workingDir: String?, env: [String], tty: Bool,
        attachStdin: Bool, operation: String
    ) async throws -> String {
        struct Create: Encodable {
            var cmd: [String]
            var user: String?
            var workingDir: String?
            var env: [String]?
            var attachStdin: Bool
            var attachStdout = true
            var attachStderr = true
            var tty: Bool

            enum CodingKeys: String, CodingKey {
                case cmd = "Cmd"
                case user = "User"
                case workingDir = "WorkingDir"
                case env = "Env"
                case attachStdin = "AttachStdin"
                case attachStdout = "AttachStdout"
                case attachStderr = "AttachStderr"
                case tty = "Tty"
            }
        }
        struct Created: Decodable {
            var id: String

            enum CodingKeys: String, CodingKey {
                case id = "Id"
            }
        }
        let body = Create(
            cmd: command, user: user, workingDir: workingDir, env: env.isEmpty ? nil : env, attachStdin: attachStdin,
            tty: tty)
        return try await performJSON(
            Created.self, try EngineRequest.post("/containers/\(URLEscaping.path(container))/exec").json(body),
            operation: operation, accept: [201, 200]
        ).id
    }

    /// The exit code once the engine has recorded it: right after the output ends it may still say "running".
    func execExitCode(_ execID: String, operation: String) async throws -> Int {
        struct Inspected: Decodable {
            var running: Bool
            var exitCode: Int?

            enum CodingKeys: String, CodingKey {
                case running = "Running"
                case exitCode = "ExitCode"
            }
        }
        for attempt in 0..<200 {
            let inspected = try await performJSON(
                Inspected.self, .get("/exec/\(execID)/json"), operation: operation, accept: [200])
            if !inspected.running, let exitCode = inspected.exitCode {
                return exitCode
            }
            try await Task.sleep(for: .milliseconds(attempt < 10 ? 5 : 50))
        }
        throw EngineError(
            .protocolError, message: "the exec's output ended but the engine still reports it running",
            operation: operation)
    }
}
