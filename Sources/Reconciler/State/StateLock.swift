package import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The state directory's write lock, as Terraform's state lock: every command that writes state (`apply`, each
/// daemon pass) holds `<state>/state.lock` while it works, so two of them never fetch into one mirror or act on
/// one workspace at once. Read-only commands (`diff`, `status`, `validate`) take none.
///
/// An exclusive `flock`, which the kernel drops when the holder dies (even by `kill -9`): a lock is never left
/// behind. The file names the holder (pid, command, since when) for the message a waiter prints; a file that
/// still names a holder when the lock is free was left by a process that died, and is taken over with a note.
package final class StateLock: Sendable {
    /// Who holds (or held) the lock, as recorded in the file.
    package struct Holder: Sendable, Hashable, Codable, CustomStringConvertible {
        package var pid: Int32
        package var command: String
        package var since: Date

        package init(pid: Int32, command: String, since: Date) {
            self.pid = pid
            self.command = command
            self.since = since
        }

        package var description: String {
            "pid \(pid) (\(command)) since \(Self.format(since))"
        }

        /// RFC 3339 in UTC, seconds precision. A format style, not a shared formatter: the lock file is read
        /// and written from any thread.
        static func format(_ date: Date) -> String { date.formatted(.iso8601) }

        static func parse(_ text: String) -> Date? { try? Date.ISO8601FormatStyle().parse(text) }
    }

    /// The lock could not be taken: held past the timeout, or the file cannot be opened.
    package struct Failure: Error, Sendable, CustomStringConvertible {
        package enum Code: Sendable, Hashable {
            /// Another process held it for the whole wait.
            case held
            /// The lock file cannot be created or locked.
            case io
        }

        package var code: Code
        package var path: String
        /// The holder the file names, when known.
        package var holder: Holder?
        package var message: String

        package var description: String { message }
    }

    package let path: String
    package let holder: Holder
    private let descriptor: Int32

    /// `<state>/state.lock`.
    package static func path(stateDirectory: String) -> String { StateLayout.stateLock(stateDirectory: stateDirectory) }

    /// Takes the lock, waiting up to `timeout` while another process holds it (polling every `poll`; `waiting`
    /// is told once, with the holder, when it has to wait). A file that names a holder although the lock was
    /// free is reported through `tookOver`: that holder died. The lock is held until the value is released.
    package static func acquire(
        stateDirectory: String, command: String, timeout: Duration, poll: Duration = .milliseconds(100),
        waiting: (Holder?) -> Void = { _ in }, tookOver: (Holder) -> Void = { _ in }
    ) async throws(Failure) -> StateLock {
        let path = path(stateDirectory: stateDirectory)
        let descriptor = try openFile(path)
        let deadline = ContinuousClock.now + timeout
        var told = false
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw Failure(code: .io, path: path, holder: nil, message: "cannot lock \(path): \(reason)")
            }
            if ContinuousClock.now >= deadline || Task.isCancelled {
                close(descriptor)
                let holder = readHolder(path)
                let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
                throw Failure(
                    code: .held, path: path, holder: holder,
                    message: "the state directory \(stateDirectory) is locked by "
                        + (holder.map { "gitspaces \($0)" } ?? "another gitspaces process")
                        + "; gave up after \(String(format: "%g", seconds)) s: wait for it to finish and run again, "
                        + "or raise --lock-timeout")
            }
            if !told {
                waiting(readHolder(path))
                told = true
            }
            try? await Task.sleep(for: min(poll, deadline - ContinuousClock.now))
        }
        if let left = readHolder(path), left.pid != getpid() { tookOver(left) }
        let holder = Holder(pid: getpid(), command: command, since: Date())
        _ = ftruncate(descriptor, 0)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Holder.format(date))
        }
        encoder.outputFormatting = [.sortedKeys]
        if let data = try? encoder.encode(holder) {
            _ = data.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        }
        return StateLock(path: path, holder: holder, descriptor: descriptor)
    }

    private init(path: String, holder: Holder, descriptor: Int32) {
        self.path = path
        self.holder = holder
        self.descriptor = descriptor
    }

    /// The holder the lock file names, if any (the holder now, or one that died holding it).
    package static func readHolder(_ path: String) -> Holder? {
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = Holder.parse(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: text))
            }
            return date
        }
        return try? decoder.decode(Holder.self, from: data)
    }

    private static func openFile(_ path: String) throws(Failure) -> Int32 {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw Failure(code: .io, path: path, holder: nil, message: "cannot create \(directory): \(error)")
        }
        // Close-on-exec: a child (cp, mkfs, git) must never inherit the lock and hold it past its parent.
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw Failure(
                code: .io, path: path, holder: nil, message: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        return descriptor
    }

    /// Releases the lock, the file emptied first: the next holder sees a lock released in order, where a
    /// holder's death leaves its name in the file.
    deinit {
        _ = ftruncate(descriptor, 0)
        close(descriptor)
    }
}
