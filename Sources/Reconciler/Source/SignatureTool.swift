import Foundation

/// A host tool that checks signatures (`ssh-keygen`, `gpgv`), found by name and run through `ProcessRunner`.
/// Blocking: call it off the cooperative pool.
struct SignatureTool {
    /// The tool's name, looked up in `PATH` (then /usr/bin and /bin, for services started with a bare PATH), or
    /// its path.
    var name: String

    typealias Output = ProcessRunner.Output

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
        try ProcessRunner.capture(path, arguments, input: input, environment: environment)
    }
}
