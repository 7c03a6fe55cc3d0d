import ArgumentParser
import Dispatch
import DockerEngine
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a command in a container with this process's stdin, stdout and stderr, as `docker exec -i [-t]` does.
enum InteractiveExec {
    /// Exit status of `exec` and `ssh` when gitspaces itself could not run the command (unknown or stopped
    /// Gitspace, unreachable engine, no sshd): 125, as `docker exec` uses, so that it does not hide the
    /// command's own codes (1, 2, 3, 126, 127 …), which pass through.
    static let cannotRun: Int32 = 125

    /// Whether to ask for a TTY: `-t` forces one, `-T` refuses one, else one when stdin and stdout are terminals
    /// (a TTY would turn output redirected to a file into terminal output, `\r\n` and all).
    static func wantsTTY(force: Bool, disable: Bool) -> Bool {
        if disable { return false }
        return force || (isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1)
    }

    /// Runs `configuration` in `container` and returns the command's exit code.
    ///
    /// With a TTY the local terminal (when stdin is one) is in raw mode until the command ends, and the remote
    /// terminal follows the local window size (SIGWINCH).
    static func run(_ configuration: ExecConfiguration, in container: String, docker: DockerClient) async throws
        -> Int32
    {
        let execID = try await docker.createExec(container, configuration)
        let size = configuration.tty ? RawTerminal.size() ?? RawTerminal.size(of: STDIN_FILENO) : nil
        let connection = try await docker.startExec(execID, tty: configuration.tty, consoleSize: size)
        defer { connection.close() }
        guard configuration.tty else {
            try await connection.bridge(
                input: configuration.attachStdin ? STDIN_FILENO : nil, output: STDOUT_FILENO,
                errorOutput: STDERR_FILENO)
            return Int32(truncatingIfNeeded: try await docker.execExitCode(execID))
        }

        // Engines before API 1.42 take no size at the start: size the terminal before any input is sent, so that
        // what the input runs sees the right size.
        if let size { try? await docker.resizeExec(execID, rows: size.rows, columns: size.columns) }
        let terminal = RawTerminal()
        defer { terminal?.restore() }
        let (windowChanges, changed) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        signal(SIGWINCH, SIG_IGN)
        let watch = DispatchSource.makeSignalSource(signal: SIGWINCH, queue: .global())
        watch.setEventHandler { changed.yield() }
        watch.resume()
        defer {
            watch.cancel()
            changed.finish()
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in windowChanges {
                    guard let size = RawTerminal.size() ?? RawTerminal.size(of: STDIN_FILENO) else { continue }
                    // A resize racing the command's end fails harmlessly.
                    try? await docker.resizeExec(execID, rows: size.rows, columns: size.columns)
                }
            }
            try await connection.bridge(
                input: configuration.attachStdin ? STDIN_FILENO : nil, output: STDOUT_FILENO,
                errorOutput: STDERR_FILENO)
            group.cancelAll()
        }
        return Int32(truncatingIfNeeded: try await docker.execExitCode(execID))
    }

    /// Looks up a Gitspace for `exec` and `ssh`, turning every failure into one line and exit 125.
    static func withRunningGitspace<T>(
        _ name: String, _ global: GlobalOptions, _ body: (GitspaceTarget, DockerClient) async throws -> T
    ) async throws -> T {
        let docker: DockerClient
        do {
            docker = try DockerClient(host: try await engineHost(of: name, global), directCalls: true)
        } catch let error as ExitCode {
            throw error
        } catch {
            printError("\(error)")
            throw ExitCode(cannotRun)
        }
        do {
            // The session is recorded first, so that the daemon does not stop the Gitspace while it is reached.
            let result = try await withSession(name, global) {
                let found = try await GitspaceTarget.find(name, instance: global.instance, docker: docker)
                let target = try await wakeIfStopped(found, global, docker: docker)
                return try await body(target, docker)
            }
            try? await docker.shutdown()
            return result
        } catch let error as ExitCode {
            try? await docker.shutdown()
            throw error
        } catch let error as EngineError {
            try? await docker.shutdown()
            printError(error.code == .unreachable ? error.message : "\(error)")
            throw ExitCode(cannotRun)
        } catch let error as GitspaceLookupError {
            try? await docker.shutdown()
            printError(error.description)
            throw ExitCode(cannotRun)
        } catch {
            try? await docker.shutdown()
            throw error
        }
    }
}
