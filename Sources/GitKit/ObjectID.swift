internal import CGit2

/// A git object id (SHA-1) as 40 lowercase hexadecimal digits.
package struct ObjectID: Sendable, Hashable, CustomStringConvertible {
    /// The id as 40 lowercase hexadecimal digits.
    package let hex: String

    /// Accepts exactly 40 hexadecimal digits (either case); anything else is `nil`.
    package init?(hex: String) {
        guard hex.utf8.count == 40, hex.utf8.allSatisfy(\.isHexDigit) else { return nil }
        self.hex = hex.lowercased()
    }

    package var description: String { hex }

    /// Formats a libgit2 id.
    init(_ oid: UnsafePointer<git_oid>) {
        hex = withUnsafeBytes(of: oid.pointee.id) { bytes in
            String(unsafeUninitializedCapacity: bytes.count * 2) { buffer in
                for (index, byte) in bytes.enumerated() {
                    buffer[2 * index] = byte.hexDigit(high: true)
                    buffer[2 * index + 1] = byte.hexDigit(high: false)
                }
                return bytes.count * 2
            }
        }
    }

    /// The libgit2 form of this id.
    func oid() throws(GitError) -> git_oid {
        var oid = git_oid()
        try git("git_oid_fromstrn") { git_oid_fromstrn(&oid, hex, hex.utf8.count) }
        return oid
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self)
            || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(self)
    }

    fileprivate func hexDigit(high: Bool) -> UInt8 {
        let nibble = high ? self >> 4 : self & 0x0F
        return nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
