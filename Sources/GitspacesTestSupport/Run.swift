import Foundation

/// A command that exited with a non-zero status (or was killed by a signal).
package struct ProcessFailure: Error, CustomStringConvertible {
    /// The command line, for the message.
    package var command: [String]
    /// The exit status, or the signal number when `terminatedBySignal`.
    package var status: Int32
    /// Whether a signal ended the process.
    package var terminatedBySignal: Bool
    /// What the command wrote to standard output.
    package var stdout: String
    /// What the command wrote to standard error.
    package var stderr: String

    package var description: String {
        let ending = terminatedBySignal ? "was killed by signal \(status)" : "exited with status \(status)"
        return "\(command.joined(separator: " ")) \(ending): \(stderr.isEmpty ? stdout : stderr)"
    }
}

/// Runs `executable` (a path, or a name looked up in `PATH`) with `args` and waits for it.
///
/// - Parameters:
///   - cwd: the working directory; the current one when `nil`.
///   - env: variables set on top of the inherited environment.
///   - check: when `true` (the default), a non-zero exit throws `ProcessFailure`.
/// - Returns: the exit status and the captured output, decoded as UTF-8 with repair.
@discardableResult
package func run(
    _ executable: String,
    _ args: [String],
    cwd: String? = nil,
    env: [String: String]? = nil,
    check: Bool = true
) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try resolveExecutable(executable))
    process.arguments = args
    if let cwd {
        process.currentDirectoryURL = URL(fileURLWithPath: cwd)
    }
    if let env {
        process.environment = ProcessInfo.processInfo.environment.merging(env) { _, new in new }
    }
    let stdoutPipe = Pipe()
    let stderrPipe = Pipe()
    process.standardOutput = stdoutPipe
    process.standardError = stderrPipe
    process.standardInput = FileHandle.nullDevice
    try process.run()

    // Drain both pipes at once so a chatty child never blocks on a full pipe.
    let stderrData = LockedData()
    let stderrReader = Thread {
        stderrData.set(stderrPipe.fileHandleForReading.readDataToEndOfFile())
    }
    stderrReader.start()
    let stdoutData = stdoutPipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let stderr = stderrData.wait()

    let result = (
        status: process.terminationStatus,
        stdout: String(decoding: stdoutData, as: UTF8.self),
        stderr: String(decoding: stderr, as: UTF8.self)
    )
    if check && (result.status != 0 || process.terminationReason == .uncaughtSignal) {
        throw ProcessFailure(
            command: [executable] + args, status: result.status,
            terminatedBySignal: process.terminationReason == .uncaughtSignal,
            stdout: result.stdout, stderr: result.stderr)
    }
    return result
}

/// Runs `executable` with `args` and waits for it without holding a thread of Swift's cooperative pool: the
/// spawn, the pipe reads and the wait happen on a thread of their own, so a test awaiting a slow command leaves
/// the pool (two threads on a two-core machine) to the other tests. The same contract as the synchronous `run`.
@discardableResult
package func run(
    _ executable: String,
    _ args: [String],
    cwd: String? = nil,
    env: [String: String]? = nil,
    check: Bool = true
) async throws -> (status: Int32, stdout: String, stderr: String) {
    try await onOwnThread {
        try run(executable, args, cwd: cwd, env: env, check: check)
    }
}

/// The result of `work`, run on a new thread of its own; its error is rethrown to the caller.
///
/// For tests' blocking waits (a child process, a `git` command): neither the cooperative pool nor the bounded
/// `BlockingWork` pool, which code under test in the same process relies on, is held while `work` runs.
package func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try work() })
        }
        thread.start()
    }
}

/// `executable` itself when it contains a `/`, else the first match in `PATH`.
func resolveExecutable(_ executable: String) throws -> String {
    if executable.contains("/") { return executable }
    let searchPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for directory in searchPath.split(separator: ":") {
        let candidate = "\(directory)/\(executable)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    throw ProcessFailure(
        command: [executable], status: 127, terminatedBySignal: false, stdout: "",
        stderr: "\(executable): not found in PATH (\(searchPath))")
}

/// Data handed from a reader thread to the waiting caller.
private final class LockedData: @unchecked Sendable {
    private let condition = NSCondition()
    private var data: Data?

    func set(_ value: Data) {
        condition.lock()
        data = value
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
