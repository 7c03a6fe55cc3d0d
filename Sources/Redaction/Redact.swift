import Foundation

/// Masks credentials in repository URLs and in text that may quote them, so that no token or password is ever
/// printed, logged, labelled or reported (`https://bob:TOKEN@host/x.git` → `https://***@host/x.git`).
///
/// The one place this rule lives: every module that renders a URL or a message that may carry one calls it.
package enum Redact {
    /// The mask that replaces a URL's user information.
    package static let mask = "***"

    /// `url` with its credentials masked; URLs without any are returned unchanged.
    ///
    /// - `scheme://user:password@host/…` → `scheme://***@host/…`, for every scheme;
    /// - `scheme://user@host/…` → `scheme://***@host/…` except for ssh, where a lone user is the account
    ///   (`ssh://git@host/…` stays); over http(s) a lone user is often a token (`https://TOKEN@host/…`);
    /// - scp-like addresses (`git@host:org/repo.git`) and paths stay as they are: they carry no secret.
    package static func url(_ url: String) -> String {
        // Most URLs carry no user part: the planner masks every spec, so this path stays cheap.
        guard url.utf8.contains(UInt8(ascii: "@")) else { return url }
        let bytes = Array(url.utf8)
        guard let range = credentialRange(in: bytes, schemeSeparator: firstSchemeSeparator(in: bytes, from: 0)),
            range.mask
        else { return url }
        return String(decoding: bytes[..<range.start], as: UTF8.self) + mask
            + String(decoding: bytes[range.end...], as: UTF8.self)
    }

    /// The credentials `url(_:)` masks in `url` (`bob:TOKEN`), or nil when it has none: to mask them where a
    /// message quotes them without the URL around them.
    package static func credentials(of url: String) -> String? {
        let bytes = Array(url.utf8)
        guard let range = credentialRange(in: bytes, schemeSeparator: firstSchemeSeparator(in: bytes, from: 0)),
            range.mask
        else { return nil }
        return String(decoding: bytes[range.start..<range.end], as: UTF8.self)
    }

    /// `text` with every occurrence of `url`'s credentials masked, then with the credentials of every URL in it
    /// masked (see `text(_:)`).
    package static func text(_ text: String, quoting url: String) -> String {
        guard let secret = credentials(of: url) else { return Self.text(text) }
        return Self.text(text.replacingOccurrences(of: secret, with: mask))
    }

    /// `text` with the credentials of every URL in it masked, as `url(_:)` does: for messages that quote a URL
    /// (libgit2's errors, a command's output), where the URL's end is not known.
    package static func text(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "@")) else { return text }
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        var copied = 0
        var searchFrom = 0
        var changed = false
        while let separator = firstSchemeSeparator(in: bytes, from: searchFrom) {
            searchFrom = separator + 3
            guard let range = credentialRange(in: bytes, schemeSeparator: separator), range.mask else { continue }
            output += bytes[copied..<range.start]
            output += mask.utf8
            copied = range.end
            searchFrom = range.end
            changed = true
        }
        guard changed else { return text }
        output += bytes[copied...]
        return String(decoding: output, as: UTF8.self)
    }

    /// The index of the `:` of the first `://` at or after `start`.
    private static func firstSchemeSeparator(in bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= 3, start <= bytes.count - 3 else { return nil }
        for index in start...(bytes.count - 3)
        where bytes[index] == UInt8(ascii: ":") && bytes[index + 1] == UInt8(ascii: "/")
            && bytes[index + 2] == UInt8(ascii: "/")
        {
            return index
        }
        return nil
    }

    /// The user information after the `://` at `separator` (from its first byte up to, not including, the `@`),
    /// and whether it is to be masked.
    private static func credentialRange(in bytes: [UInt8], schemeSeparator separator: Int?)
        -> (start: Int, end: Int, mask: Bool)?
    {
        guard let separator else { return nil }
        var schemeStart = separator
        while schemeStart > 0, isSchemeByte(bytes[schemeStart - 1]) { schemeStart -= 1 }
        let scheme = String(decoding: bytes[schemeStart..<separator], as: UTF8.self).lowercased()
        let start = separator + 3
        var end = start
        while end < bytes.count, !endsAuthority(bytes[end]) { end += 1 }
        guard let at = bytes[start..<end].lastIndex(of: UInt8(ascii: "@")), at > start else { return nil }
        let hasPassword = bytes[start..<at].contains(UInt8(ascii: ":"))
        let isSSH = scheme == "ssh" || scheme == "ssh+git" || scheme == "git+ssh"
        return (start, at, hasPassword || !isSSH)
    }

    private static func isSchemeByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }

    /// Where a URL's authority ends: its path, query or fragment, or the text around it.
    private static func endsAuthority(_ byte: UInt8) -> Bool {
        byte <= UInt8(ascii: " ") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?")
            || byte == UInt8(ascii: "#") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"")
            || byte == UInt8(ascii: "`") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
            || byte == UInt8(ascii: "\\") || byte == 0x7F
    }
}
