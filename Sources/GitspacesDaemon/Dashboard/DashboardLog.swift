import Foundation
import Redaction

/// The end of a Gitspace's lifecycle and build log (`StateLayout.log`, which `gitspaces logs` reads), for its page.
enum DashboardLog {
    struct Tail: Sendable, Hashable {
        var path: String
        /// Credentials in URLs masked.
        var lines: [String]
        /// Whether earlier lines were left out.
        var truncated: Bool
    }

    /// The last `count` lines of the file at `path`, read from at most its last 256 KiB; nil when there is no
    /// file or it is empty. Blocking.
    static func tail(path: String, count: Int = 60) -> Tail? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        let window: UInt64 = 256 << 10
        let start = size > window ? size - window : 0
        try? handle.seek(toOffset: start)
        guard let data = try? handle.readToEnd(), !data.isEmpty else { return nil }
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        if start > 0, !lines.isEmpty { lines.removeFirst() }
        let kept = lines.suffix(count).map { Redact.text(String($0)) }
        return Tail(path: path, lines: kept, truncated: start > 0 || lines.count > count)
    }
}
