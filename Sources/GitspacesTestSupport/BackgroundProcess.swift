import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A long-running child (an `ssh -N -L` tunnel, say) started with `posix_spawn` rather than Foundation's `Process`.
///
/// Foundation on Linux learns that a child ended when a socket the child inherited closes, and then waits for it
/// with a blocking `waitpid`. OpenSSH's `ssh` closes every inherited descriptor at start, so a long-lived `ssh`
/// started with `Process` parks that shared monitor thread until it exits, and every other `Process` of the test
/// run hangs meanwhile. Its stdin, stdout and stderr are `/dev/null`.
package final class BackgroundProcess: @unchecked Sendable {
    package let pid: Int32
    private let lock = NSLock()
    private var reaped = false

    /// Starts `executable` (a path, or a name looked up in `PATH`) with `args`.
    package init(_ executable: String, _ args: [String]) throws {
        let path = try resolveExecutable(executable)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] {
            posix_spawn_file_actions_addopen(
                &actions, descriptor, "/dev/null", descriptor == STDIN_FILENO ? O_RDONLY : O_WRONLY, 0)
        }
        // Nothing else of this process: a pipe another test's `run` is reading would stay open in a long-lived child
        // (a swarm node's dockerd), and that reader would wait for its end for ever.
        closeInheritedDescriptors(&actions)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + args).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        // The child starts with no blocked signals and default handlers, whatever the spawning thread had
        // (threads of the concurrency pool block most signals; SIGTERM would not reach the child otherwise).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var child: Int32 = 0
        let status = posix_spawn(&child, path, &actions, &attributes, argv, environ)
        guard status == 0 else {
            throw ProcessFailure(
                command: [executable] + args, status: status, terminatedBySignal: false, stdout: "",
                stderr: "posix_spawn: \(String(cString: strerror(status)))")
        }
        pid = child
    }

    /// Whether the child is still running (reaps it when it has ended).
    package var isRunning: Bool {
        lock.withLock {
            guard !reaped else { return false }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { reaped = true }
            return !reaped
        }
    }

    /// Sends SIGTERM and waits for the child to end.
    package func terminate() {
        lock.withLock {
            guard !reaped else { return }
            kill(pid, SIGTERM)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            reaped = true
        }
    }

    deinit {
        terminate()
    }
}

/// Adds to `actions` the closing of every descriptor above standard error: glibc's `addclosefrom_np` (which the
/// Glibc module does not show), else one close per descriptor open now.
private func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
    typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
        _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, STDERR_FILENO + 1)
        return
    }
    let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
    for descriptor in open.compactMap(Int32.init) where descriptor > STDERR_FILENO {
        posix_spawn_file_actions_addclose(&actions, descriptor)
    }
}
