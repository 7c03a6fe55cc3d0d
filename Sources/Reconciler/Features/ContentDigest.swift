import Shared

/// `sha256:<64 lower-case hex digits>` content digests, computed with swift-crypto's SHA-256.
enum ContentDigest {
    static let prefix = "sha256:"

    /// The digest of `bytes`.
    static func of(_ bytes: [UInt8]) -> String {
        prefix + Hashing.sha256Hex(bytes)
    }

    /// Whether `digest` is `sha256:` and 64 lower-case hex digits (so it is also safe as a file name).
    static func isValid(_ digest: String) -> Bool {
        guard digest.hasPrefix(prefix) else { return false }
        let hex = digest.utf8.dropFirst(prefix.utf8.count)
        return hex.count == 64 && hex.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// The hex part of a valid digest.
    static func hex(_ digest: String) -> String {
        String(digest.dropFirst(prefix.count))
    }
}
