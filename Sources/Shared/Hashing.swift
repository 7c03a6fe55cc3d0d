import Crypto

/// SHA-256 digests over swift-crypto, in the shapes the code base needs. The one place hashes come from.
package enum Hashing {
    /// The 32-byte SHA-256 digest of `bytes`.
    package static func sha256<Bytes: Sequence>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(data: Array(bytes))
        return Array(hasher.finalize())
    }

    /// The SHA-256 digest of `bytes` as 64 lowercase hex digits.
    package static func sha256Hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        hex(sha256(bytes))
    }

    /// The SHA-256 digest of the UTF-8 bytes of `text` as 64 lowercase hex digits.
    package static func sha256Hex(_ text: String) -> String {
        sha256Hex(Array(text.utf8))
    }

    /// The first eight bytes of the SHA-256 of the UTF-8 bytes of `text`, big-endian: a well-spread number for
    /// picking a starting point (not for security).
    package static func sha256Prefix64(_ text: String) -> UInt64 {
        sha256(text.utf8).prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// Bytes as lowercase hex digits, two per byte.
    package static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
