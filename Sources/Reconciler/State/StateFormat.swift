package import Foundation
import Shared

/// The format of a state directory's layout, kept in `<state>/format.json` as
/// `{"version": 1, "writtenBy": "0.1.0"}`: which layout the records, markers, logs and workspaces follow, and which
/// release wrote (or last migrated) it.
///
/// A directory without the file was written before it existed, by 0.1.0 or older: format 1. A newer release
/// migrates an older format forward (`StateMigration`) before it writes anything else; an older release refuses a
/// newer format (`StateFormatError.Code.newer`) before it touches anything, instead of misreading it.
package struct StateFormat: Sendable, Hashable, Codable {
    /// The format this release reads and writes.
    package static let current = 1
    /// The format of a state directory that has content but no format file.
    package static let unversioned = 1

    /// The layout's format number.
    package var version: Int
    /// The release that wrote the file; nil for an unversioned directory.
    package var writtenBy: String?

    package init(version: Int, writtenBy: String?) {
        self.version = version
        self.writtenBy = writtenBy
    }

    /// The format a directory holds: nil when it is fresh (missing, or holding nothing but its lock files), the
    /// file's when there is one, else `unversioned`. Reads only.
    package static func read(stateDirectory: String) throws(StateFormatError) -> StateFormat? {
        let path = StateLayout.formatFile(stateDirectory: stateDirectory)
        let files = FileManager.default
        guard let data = files.contents(atPath: path) else {
            if files.fileExists(atPath: path) {
                throw StateFormatError(
                    code: .unreadable, stateDirectory: stateDirectory, found: nil,
                    message: "cannot read \(path): permission denied or not a file; "
                        + "give gitspaces access to it (run it as the user that owns \(stateDirectory))")
            }
            return isFresh(stateDirectory) ? nil : StateFormat(version: unversioned, writtenBy: nil)
        }
        guard let format = try? JSONDecoder().decode(StateFormat.self, from: data), format.version >= 1 else {
            throw StateFormatError(
                code: .unreadable, stateDirectory: stateDirectory, found: nil,
                message: "\(path) does not hold a state format such as {\"version\": 1, \"writtenBy\": \"0.1.0\"}; "
                    + "nothing was changed: restore the file from a backup, or run the gitspaces release that wrote "
                    + "this state directory")
        }
        return format
    }

    /// Refuses a directory of a newer format than `reads` before anything in it is touched; returns what it holds.
    @discardableResult
    package static func check(
        stateDirectory: String, reads: Int = current, release: String = Release.number
    ) throws(StateFormatError) -> StateFormat? {
        let found = try read(stateDirectory: stateDirectory)
        if let found, found.version > reads {
            let writer = found.writtenBy.map { "gitspaces \($0)" } ?? "a newer gitspaces"
            throw StateFormatError(
                code: .newer, stateDirectory: stateDirectory, found: found,
                message: "the state directory \(stateDirectory) has format \(found.version), written by \(writer); "
                    + "this gitspaces \(release) reads format \(reads) at most, so it changed nothing: run "
                    + (found.writtenBy.map { "gitspaces \($0) or newer" } ?? "a newer gitspaces")
                    + " on it, or give another --state-dir")
        }
        return found
    }

    /// Writes the file atomically (a reader sees the old file or the new one, never half of one).
    package func write(stateDirectory: String) throws(StateFormatError) {
        let path = StateLayout.formatFile(stateDirectory: stateDirectory)
        do {
            try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            var data = try encoder.encode(self)
            data.append(0x0A)
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw StateFormatError(
                code: .io, stateDirectory: stateDirectory, found: nil,
                message: "cannot write \(path): \(error.localizedDescription); "
                    + "make \(stateDirectory) writable for gitspaces", cause: error)
        }
    }

    /// A directory nothing was written to yet: missing, empty, or holding only the locks taken before this check.
    static func isFresh(_ stateDirectory: String) -> Bool {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: stateDirectory) else { return true }
        let locks: Set<String> = [
            (StateLayout.stateLock(stateDirectory: stateDirectory) as NSString).lastPathComponent,
            (StateLayout(stateDirectory: stateDirectory, instance: "").daemonLock as NSString).lastPathComponent,
        ]
        return entries.allSatisfy { locks.contains($0) }
    }
}
