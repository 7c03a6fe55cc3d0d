import Foundation
import Shared

/// The one way Reconciler runs a host tool (`mkfs`, `mount`, `chown`, `ssh-keygen`, `gpgv`, …). Blocking: call it
/// off the cooperative pool (the callers run inside `BlockingWork.run`).
enum ProcessRunner {
    /// util-linux's `setpriv`, which sets the parent-death signal of the tool it runs.
    static let setpriv = "/usr/bin/setpriv"

    /// What a run returned.
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String

        var succeeded: Bool { status == 0 }
        /// The first line of standard error, for a message; the exit status when it said nothing.
        var reason: String {
            let line = stderr.split(separator: "\n").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            return line.isEmpty ? "exit status \(status)" : line
        }
    }

    /// Runs a tool and waits for it. The tool is killed if this process dies (`setpriv --pdeathsig KILL`, where
    /// util-linux has it): a `cp` or `mkfs` must not go on working unseen after apply was killed; what it left
    /// is judged again by the next pass. Throws a `.workspace` error naming `what` failed, with the tool's
    /// standard error.
    static func run(_ path: String, _ arguments: [String], failing what: String) throws {
        let output: Output
        do {
            output = try capture(path, arguments)
        } catch {
            throw ApplyError(.workspace, "\(what) failed: cannot run \(path): \(error)", cause: error)
        }
        guard output.succeeded else {
            let text = output.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            throw ApplyError(.workspace, "\(what) failed: \(text.isEmpty ? "\(path) exited \(output.status)" : text)")
        }
    }

    /// Runs a tool as `run` does and returns its exit status and what it wrote, standard input read from the file
    /// `input` (or empty) and `environment` laid over this process's. Throws only when it cannot be started.
    static func capture(
        _ path: String, _ arguments: [String], input: String? = nil, environment: [String: String] = [:]
    ) throws -> Output {
        let process = Process()
        if FileManager.default.isExecutableFile(atPath: setpriv) {
            process.executableURL = URL(fileURLWithPath: setpriv)
            process.arguments = ["--pdeathsig", "KILL", "--", path] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = arguments
        }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        let stdinHandle = try input.map { try FileHandle(forReadingFrom: URL(fileURLWithPath: $0)) }
        defer { try? stdinHandle?.close() }
        process.standardInput = stdinHandle ?? FileHandle.nullDevice
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Standard error is read on a thread of its own so that neither pipe can fill up and stall the tool.
        let errors = ErrorReader(err.fileHandleForReading)
        let thread = Thread { errors.read() }
        thread.start()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: errors.wait(), as: UTF8.self))
    }
}

/// Standard error of a tool, read to its end on another thread.
private final class ErrorReader: @unchecked Sendable {
    private let handle: FileHandle
    private let condition = NSCondition()
    private var data: Data?

    init(_ handle: FileHandle) { self.handle = handle }

    func read() {
        let all = handle.readDataToEndOfFile()
        condition.lock()
        data = all
        condition.broadcast()
        condition.unlock()
    }

    func wait() -> Data {
        condition.lock()
        defer { condition.unlock() }
        while data == nil { condition.wait() }
        return data ?? Data()
    }
}
