import Foundation
import Shared

/// The one way Reconciler runs a host tool (`mkfs`, `mount`, `chown`, …). Blocking: call it off the cooperative
/// pool (the callers run inside `BlockingWork.run`).
enum ProcessRunner {
    /// util-linux's `setpriv`, which sets the parent-death signal of the tool it runs.
    static let setpriv = "/usr/bin/setpriv"

    /// Runs a tool and waits for it. The tool is killed if this process dies (`setpriv --pdeathsig KILL`, where
    /// util-linux has it): a `cp` or `mkfs` must not go on working unseen after apply was killed; what it left
    /// is judged again by the next pass. Throws a `.workspace` error naming `what` failed, with the tool's
    /// standard error.
    static func run(_ path: String, _ arguments: [String], failing what: String) throws {
        let process = Process()
        if FileManager.default.isExecutableFile(atPath: setpriv) {
            process.executableURL = URL(fileURLWithPath: setpriv)
            process.arguments = ["--pdeathsig", "KILL", "--", path] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = arguments
        }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw ApplyError(.workspace, "\(what) failed: cannot run \(path): \(error)", cause: error)
        }
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw ApplyError(
                .workspace, "\(what) failed: \(text.isEmpty ? "\(path) exited \(process.terminationStatus)" : text)")
        }
    }
}
