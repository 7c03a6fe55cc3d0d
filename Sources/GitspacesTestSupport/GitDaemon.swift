import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `git daemon` serving every repository under a folder over `git://127.0.0.1:PORT/`, pushes included.
///
/// Listens on loopback only, on a free port; stopped by `stop()` or when released.
package final class GitDaemon {
    /// The folder whose repositories are served (a repository at `basePath/NAME` is `url(for: "NAME")`).
    package let basePath: String
    /// The port the daemon listens on.
    package let port: Int
    private let process: Process
    private let logDirectory: TemporaryDirectory

    /// Starts the daemon and waits until it accepts connections.
    ///
    /// A port taken between choosing and binding it is retried with another port.
    package init(basePath: String) throws {
        let logDirectory = try TemporaryDirectory()
        do {
            let (process, port) = try startLoopbackServer("git-daemon", logsIn: logDirectory.path) { port in
                let process = Process()
                process.executableURL = URL(fileURLWithPath: try Self.daemonExecutable())
                process.arguments = [
                    "--verbose", "--reuseaddr", "--base-path=\(basePath)", "--export-all", "--informative-errors",
                    "--listen=127.0.0.1", "--port=\(port)", "--enable=receive-pack",
                ]
                process.environment = ProcessInfo.processInfo.environment.merging(GitFixture.environment) {
                    _, new in new
                }
                return process
            }
            self.basePath = basePath
            self.port = port
            self.process = process
            self.logDirectory = logDirectory
        } catch {
            logDirectory.remove()
            throw error
        }
    }

    deinit {
        stop()
        logDirectory.remove()
    }

    /// `git://127.0.0.1:PORT/name`.
    package func url(for repositoryName: String) -> String {
        "git://127.0.0.1:\(port)/\(repositoryName)"
    }

    /// How many fetches (upload-pack requests) reached the daemon so far, from its `--verbose` log.
    package func uploadPackRequests() -> Int {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: logDirectory.path)) ?? []
        return files.filter { $0.hasPrefix("git-daemon-") }.reduce(0) { count, file in
            let log = (try? String(contentsOfFile: logDirectory.appending(file), encoding: .utf8)) ?? ""
            return count + log.components(separatedBy: "Request upload-pack for ").count - 1
        }
    }

    /// Stops the daemon and waits for it to exit; calling it again does nothing.
    package func stop() {
        stopServer(process)
    }

    /// `git-daemon` itself rather than the `git daemon` wrapper, so the process we kill is the one listening.
    private static func daemonExecutable() throws -> String {
        let execPath = try run("git", ["--exec-path"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let daemon = "\(execPath)/git-daemon"
        guard FileManager.default.isExecutableFile(atPath: daemon) else {
            throw ProcessFailure(
                command: ["git", "daemon"], status: 127, terminatedBySignal: false, stdout: "",
                stderr: "\(daemon) is missing: install git's daemon (Debian: the git package)")
        }
        return daemon
    }

}
