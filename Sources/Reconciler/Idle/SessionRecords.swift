package import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Open `gitspaces ssh`, `exec` and `ssh --stdio` sessions, one file each under `StateLayout.sessions`: made when
/// the session starts, touched every `heartbeat` while it lasts, removed when it ends. A session counts as activity
/// while its file is younger than `staleAfter` and its process (on this host) lives: a session killed before it
/// could remove its file keeps nothing up.
package struct SessionRecords: Sendable {
    /// What a session file holds.
    package struct Session: Sendable, Hashable, Codable {
        package var pid: Int32
        package var host: String
        package var command: String
        package var startedAt: Date
    }

    /// One open session: its file.
    package struct Handle: Sendable, Hashable {
        package var path: String
    }

    package static let heartbeat: Duration = .seconds(10)
    package static let staleAfter: TimeInterval = 35

    package let layout: StateLayout

    package init(layout: StateLayout) { self.layout = layout }

    func directory(_ name: String) -> String { layout.sessions + "/" + name }

    /// Records a session of `command` (ssh, exec) in Gitspace `name` for this process. Blocking.
    package func open(_ name: String, command: String) throws -> Handle {
        let session = Session(
            pid: getpid(), host: ProcessInfo.processInfo.hostName, command: command, startedAt: Date())
        try FileManager.default.createDirectory(atPath: directory(name), withIntermediateDirectories: true)
        let path = "\(directory(name))/\(session.pid)-\(UUID().uuidString.prefix(8).lowercased()).json"
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        try encoder.encode(session).write(to: URL(fileURLWithPath: path), options: .atomic)
        return Handle(path: path)
    }

    /// Marks the session alive now. Blocking.
    package func touch(_ handle: Handle) {
        try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: handle.path)
    }

    /// Ends the session, and leaves when (the time of the Gitspace's `ended` file) for the idle clock: a session
    /// that ends between two of the daemon's passes counts as activity until its end. Blocking.
    package func close(_ handle: Handle) {
        try? FileManager.default.removeItem(atPath: handle.path)
        let folder = URL(fileURLWithPath: handle.path).deletingLastPathComponent().path
        _ = FileManager.default.createFile(atPath: folder + "/" + Self.endedFile, contents: nil)
    }

    static let endedFile = "ended"

    /// When the last session of each Gitspace ended. Blocking.
    package func lastEnded() -> [String: Date] {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: layout.sessions) else { return [:] }
        var ended: [String: Date] = [:]
        for name in names {
            let path = directory(name) + "/" + Self.endedFile
            ended[name] = (try? manager.attributesOfItem(atPath: path))?[.modificationDate] as? Date
        }
        return ended
    }

    /// The Gitspaces with a live session, each with the last time one was touched; stale files (an old heartbeat, a
    /// process that is gone) are removed on the way. Blocking.
    package func live(now: Date = Date()) -> [String: Date] {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: layout.sessions) else { return [:] }
        let host = ProcessInfo.processInfo.hostName
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        var live: [String: Date] = [:]
        for name in names {
            guard let files = try? manager.contentsOfDirectory(atPath: directory(name)) else { continue }
            for file in files where file.hasSuffix(".json") {
                let path = "\(directory(name))/\(file)"
                guard let touched = (try? manager.attributesOfItem(atPath: path))?[.modificationDate] as? Date else {
                    continue
                }
                let session = manager.contents(atPath: path).flatMap { try? decoder.decode(Session.self, from: $0) }
                let gone = session.map { $0.host == host && !Self.isAlive($0.pid) } ?? false
                if gone || now.timeIntervalSince(touched) > Self.staleAfter {
                    try? manager.removeItem(atPath: path)
                    continue
                }
                live[name] = max(live[name] ?? touched, touched)
            }
        }
        return live
    }

    static func isAlive(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }
}
