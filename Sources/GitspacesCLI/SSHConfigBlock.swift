import Foundation

/// The `Host NAME.gitspaces` entries of one instance, between markers, and how they replace an earlier block in
/// an ssh config file.
struct SSHConfigBlock: Equatable {
    struct Entry: Equatable {
        var name: String
        var user: String
    }

    var instance: String
    /// The absolute path of the `gitspaces` binary the ProxyCommand runs.
    var executable: String
    /// The global flags the ProxyCommand passes on (`--instance`, `--state-dir`, `--docker-host`).
    var flags: [String]
    var entries: [Entry]

    var beginMarker: String { "# BEGIN gitspaces (instance \(instance))" }
    var endMarker: String { "# END gitspaces (instance \(instance))" }

    /// The block, markers included, ending with a newline.
    var rendered: String {
        var lines = [beginMarker, "# Written by `gitspaces ssh-config --write`: edits inside this block are replaced."]
        for entry in entries {
            lines += [
                "Host \(entry.name).gitspaces",
                "  ProxyCommand \(Self.proxyCommandLine([executable, "ssh", "--stdio", entry.name] + flags))",
                "  User \(entry.user)",
                "  StrictHostKeyChecking no",
                "  UserKnownHostsFile /dev/null",
                "  LogLevel ERROR",
            ]
        }
        lines.append(endMarker)
        return lines.joined(separator: "\n") + "\n"
    }

    /// The words as ssh hands them to the shell: quoted where needed, and `%` doubled (ssh expands `%` tokens
    /// in ProxyCommand).
    static func proxyCommandLine(_ words: [String]) -> String {
        words.map { shellQuoted($0).replacingOccurrences(of: "%", with: "%%") }.joined(separator: " ")
    }

    static func shellQuoted(_ word: String) -> String {
        let plain = CharacterSet(
            charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./_-")
        if !word.isEmpty, word.unicodeScalars.allSatisfy(plain.contains) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }

    /// `existing` with this instance's block replaced by `rendered` (appended when there is none); every other
    /// byte stays as it was.
    func merged(into existing: String) -> String {
        if let begin = Self.line(beginMarker, in: existing, from: existing.startIndex),
            let end = Self.line(endMarker, in: existing, from: begin.upperBound)
        {
            return String(existing[..<begin.lowerBound]) + rendered + String(existing[end.upperBound...])
        }
        if existing.isEmpty { return rendered }
        return existing + (existing.hasSuffix("\n") ? "\n" : "\n\n") + rendered
    }

    /// The range of the first line equal to `text` at or after `start`, with its newline.
    private static func line(_ text: String, in string: String, from start: String.Index) -> Range<String.Index>? {
        var from = start
        while let found = string.range(of: text, range: from..<string.endIndex) {
            let atLineStart =
                found.lowerBound == string.startIndex || string[string.index(before: found.lowerBound)] == "\n"
            if atLineStart && found.upperBound == string.endIndex { return found }
            if atLineStart && string[found.upperBound] == "\n" {
                return found.lowerBound..<string.index(after: found.upperBound)
            }
            from = found.upperBound
        }
        return nil
    }

    /// Replaces the block in the file at `path` (following a symlink), creating the file with mode 0600 (and its
    /// folder with 0700) when missing. The file is replaced atomically and keeps its mode.
    func write(into path: String) throws {
        let fileManager = FileManager.default
        var target = path
        if let destination = try? fileManager.destinationOfSymbolicLink(atPath: path) {
            target =
                destination.hasPrefix("/")
                ? destination
                : URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(destination).path
        }
        let folder = URL(fileURLWithPath: target).deletingLastPathComponent().path
        if !fileManager.fileExists(atPath: folder) {
            try fileManager.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        var mode = 0o600
        var existing = ""
        if let data = fileManager.contents(atPath: target) {
            existing = String(decoding: data, as: UTF8.self)
            if let attributes = try? fileManager.attributesOfItem(atPath: target),
                let permissions = attributes[.posixPermissions] as? Int
            {
                mode = permissions
            }
        }
        let temporary = target + ".gitspaces-\(getpid())"
        guard
            fileManager.createFile(
                atPath: temporary, contents: Data(merged(into: existing).utf8), attributes: [.posixPermissions: mode])
        else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary])
        }
        guard rename(temporary, target) == 0 else {
            let reason = String(cString: strerror(errno))
            try? fileManager.removeItem(atPath: temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: reason])
        }
    }
}
