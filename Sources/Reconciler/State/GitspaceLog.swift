package import Foundation

/// The log of one Gitspace on the host: image builds and lifecycle hook output, appended in order.
///
/// Every entry starts with a header line `==> 2026-11-29T12:00:00Z postCreateCommand (exit 0)`, then the
/// output as the command wrote it. `gitspaces logs` reads this file: ``StateLayout/log(_:)`` is the one place
/// that says where it is.
package struct GitspaceLog: Sendable {
    package let path: String

    package init(layout: StateLayout, name: String) {
        path = layout.log(name)
    }

    package init(stateDirectory: String, instance: String, name: String) {
        path = Self.path(stateDirectory: stateDirectory, instance: instance, name: name)
    }

    /// `<state>/instances/<instance>/logs/<name>.log`.
    package static func path(stateDirectory: String, instance: String, name: String) -> String {
        StateLayout(stateDirectory: stateDirectory, instance: instance).log(name)
    }

    /// `==> TIME TITLE`, the header that starts each entry.
    package static func header(_ title: String, at date: Date = Date()) -> String {
        "==> \(timestamp(date)) \(title)\n"
    }

    /// Appends a header and `output` (a newline is added when it lacks one).
    package func append(_ title: String, output: String, at date: Date = Date()) {
        var text = Self.header(title, at: date) + output
        if !output.isEmpty, !output.hasSuffix("\n") { text += "\n" }
        write(text)
    }

    /// Appends raw text, creating the file and its folder when missing. Logging never fails an action.
    package func write(_ text: String) {
        Self.lock.lock()
        defer { Self.lock.unlock() }
        let manager = FileManager.default
        let folder = (path as NSString).deletingLastPathComponent
        try? manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if !manager.fileExists(atPath: path) {
            // Hook output may hold what a user would not share: readable by the owner only.
            _ = manager.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: Data(text.utf8))
    }

    /// Parallel hooks append whole entries, one at a time.
    private static let lock = NSLock()

    /// UTC, to the second: `2026-11-29T12:00:00Z`.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
