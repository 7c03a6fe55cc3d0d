import Foundation

/// The entries of an OpenSSH known_hosts file, enough to vouch for a host key: `PATTERNS KEYTYPE BASE64`.
struct KnownHosts {
    struct Entry {
        var patterns: [String]
        var keyType: String
        var key: [UInt8]
        var revoked: Bool
    }

    let entries: [Entry]

    init(text: String) {
        entries = text.split(whereSeparator: \.isNewline).compactMap { line in
            var fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let first = fields.first, !first.hasPrefix("#") else { return nil }
            var revoked = false
            if first.hasPrefix("@") {
                // @cert-authority needs certificate support; @revoked marks a key never to trust.
                guard first == "@revoked" else { return nil }
                revoked = true
                fields.removeFirst()
            }
            guard fields.count >= 3, !fields[0].hasPrefix("|"), let key = Data(base64Encoded: fields[2]) else {
                return nil
            }
            return Entry(
                patterns: fields[0].split(separator: ",").map(String.init), keyType: fields[1], key: Array(key),
                revoked: revoked)
        }
    }

    enum Verdict: Equatable {
        /// A line for the host has this very key.
        case trusted
        /// The host is listed, with other keys only (or this key is revoked): refuse.
        case mismatch
        /// The host is not listed: someone else decides.
        case unknown
    }

    /// What the file says about `key` (the SSH wire encoding, as libssh2 gives it) for `host` on `port`.
    func verdict(host: String, port: Int, key: [UInt8]) -> Verdict {
        let name = port == 22 ? host : "[\(host)]:\(port)"
        let forHost = entries.filter { entry in
            var matched = false
            for pattern in entry.patterns {
                if pattern.hasPrefix("!") {
                    if Self.matches(String(pattern.dropFirst()), name) { return false }
                } else if Self.matches(pattern, name) {
                    matched = true
                }
            }
            return matched
        }
        if forHost.contains(where: { $0.revoked && $0.key == key }) { return .mismatch }
        if forHost.contains(where: { !$0.revoked && $0.key == key }) { return .trusted }
        return forHost.contains(where: { !$0.revoked }) ? .mismatch : .unknown
    }

    /// OpenSSH's glob: `*` any run, `?` any one character; case-insensitive like host names.
    static func matches(_ pattern: String, _ name: String) -> Bool {
        let pattern = Array(pattern.lowercased().utf8)
        let name = Array(name.lowercased().utf8)
        var p = 0
        var n = 0
        var star: Int?
        var resume = 0
        while n < name.count {
            if p < pattern.count, pattern[p] == UInt8(ascii: "?") || pattern[p] == name[n] {
                p += 1
                n += 1
            } else if p < pattern.count, pattern[p] == UInt8(ascii: "*") {
                star = p
                resume = n
                p += 1
            } else if let star {
                p = star + 1
                resume += 1
                n = resume
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.count
    }
}

extension KnownHosts {
    /// The SSH port of a remote URL: `ssh://[user@]host:PORT/…`, else 22 (scp-like `user@host:path` too).
    static func port(inURL url: String) -> Int {
        guard let schemeEnd = url.range(of: "://") else { return 22 }
        let rest = url[schemeEnd.upperBound...]
        let authority = rest[..<(rest.firstIndex(of: "/") ?? rest.endIndex)]
        let hostPort = authority[
            (authority.lastIndex(of: "@").map { authority.index(after: $0) } ?? authority.startIndex)...]
        if hostPort.hasPrefix("["), let close = hostPort.firstIndex(of: "]") {
            let after = hostPort[hostPort.index(after: close)...]
            return after.hasPrefix(":") ? Int(after.dropFirst()) ?? 22 : 22
        }
        guard let colon = hostPort.lastIndex(of: ":") else { return 22 }
        return Int(hostPort[hostPort.index(after: colon)...]) ?? 22
    }
}
