package import Foundation
import NIOConcurrencyHelpers
import Redaction
import Shared

/// Something that happened to a Gitspace, in words for people (`gitspaces events NAME`).
package struct GitspaceEvent: Sendable, Hashable, Codable {
    package enum Kind: String, Sendable, Hashable, Codable {
        case normal = "Normal"
        case warning = "Warning"
    }

    package var time: Date
    package var gitspace: String
    package var kind: Kind
    /// A CamelCase word: Created, Started, Updated, Replaced, Stopped, Deleted, Failed, Drifted, Blocked…
    package var reason: String
    /// What happened, in words; any URL's credentials in it are masked.
    package var message: String
    /// The config commit in force.
    package var commit: String?

    package init(time: Date = Date(), gitspace: String, kind: Kind, reason: String, message: String, commit: String?) {
        self.time = time
        self.gitspace = gitspace
        self.kind = kind
        self.reason = reason
        self.message = Redact.text(message)
        self.commit = commit
    }
}

/// The last `keep` events of each Gitspace in memory, and every event appended to
/// `<state>/instances/<instance>/events/<name>.jsonl`, which outlives the daemon.
package final class EventLog: Sendable {
    package let directory: String
    package let keep: Int
    private let recent = NIOLockedValueBox([String: [GitspaceEvent]]())

    package init(stateDirectory: String, instance: String, keep: Int = 100) {
        directory = "\(stateDirectory)/instances/\(instance)/events"
        self.keep = keep
    }

    /// Keeps `event` and appends it to its file, off the cooperative pool (the file is read on a first event
    /// and written on every one). Events recorded one after the other are kept and written in that order.
    package func record(_ event: GitspaceEvent) async {
        await BlockingWork.run { self.recordBlocking(event) }
    }

    private func recordBlocking(_ event: GitspaceEvent) {
        recent.withLockedValue { events in
            var list = events[event.gitspace] ?? Self.read(file(event.gitspace), last: keep)
            list.append(event)
            if list.count > keep { list.removeFirst(list.count - keep) }
            events[event.gitspace] = list
            // Appended under the lock: lines of one file never interleave.
            append(event)
        }
    }

    /// The last events of `name`, oldest first: from memory, else from its file.
    package func events(for name: String, last: Int? = nil) -> [GitspaceEvent] {
        let limit = last ?? keep
        let list = recent.withLockedValue { $0[name] } ?? Self.read(file(name), last: limit)
        return Array(list.suffix(limit))
    }

    package func file(_ name: String) -> String { "\(directory)/\(name).jsonl" }

    /// The last `last` events of a `.jsonl` file; lines that do not decode (a torn last write) are skipped.
    package static func read(_ path: String, last: Int) -> [GitspaceEvent] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        var events: [GitspaceEvent] = []
        for line in data.split(separator: UInt8(ascii: "\n")).suffix(last) {
            if let event = try? decoder.decode(GitspaceEvent.self, from: Data(line)) { events.append(event) }
        }
        return events
    }

    private func append(_ event: GitspaceEvent) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        guard var line = try? encoder.encode(event) else { return }
        line.append(UInt8(ascii: "\n"))
        let path = file(event.gitspace)
        if !FileManager.default.fileExists(atPath: path) {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: path, contents: nil)
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: line)
    }
}
