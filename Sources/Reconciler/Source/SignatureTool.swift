import Foundation

/// Runs a host tool that checks signatures (`ssh-keygen`, `gpgv`) and captures what it says. Blocking: call it
/// off the cooperative pool.
struct SignatureTool {
    /// The tool's name, looked up in `PATH` (then /usr/bin and /bin, for services started with a bare PATH), or
    /// its path.
    var name: String

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

    /// The tool's path; nil when it is not installed.
    var path: String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let searched = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for directory in searched + ["/usr/bin", "/bin"] where !directory.isEmpty {
            let candidate = directory + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs the tool at `path` with `arguments`, standard input read from `input` (or empty). Throws only when
    /// it cannot be started.
    func run(_ path: String, _ arguments: [String], input: String? = nil, environment: [String: String] = [:])
        throws -> Output
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
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
