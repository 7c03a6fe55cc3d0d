import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One daemon per state directory: an exclusive `flock` on `<state>/daemon.lock`, held until the process
/// exits (the kernel drops it on a crash too, so a restart after kill -9 takes it again at once).
package final class DaemonLock: Sendable {
    package let path: String
    private let descriptor: Int32

    /// Another process holds the lock.
    package struct Held: Error, Sendable, CustomStringConvertible {
        package var path: String
        package var holder: String?

        package var description: String {
            "another gitspaces daemon uses this state directory (\(path) is locked"
                + (holder.map { " by pid \($0)" } ?? "") + "): stop it, or give this one another --state-dir"
        }
    }

    package struct Failed: Error, Sendable, CustomStringConvertible {
        package var description: String
    }

    package init(stateDirectory: String) throws {
        try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
        path = stateDirectory + "/daemon.lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw Failed(description: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
            close(descriptor)
            throw Held(path: path, holder: holder?.isEmpty == false ? holder : nil)
        }
        _ = ftruncate(descriptor, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { write(descriptor, $0, strlen($0)) }
        self.descriptor = descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
