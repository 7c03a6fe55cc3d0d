import Shared

/// `${devcontainerId}` by the spec's label-based computation (containers.dev, "Dev Container ID"):
///
/// 1. the id labels as a JSON object, keys sorted, no whitespace — exactly what JavaScript's
///    `JSON.stringify(labels, Object.keys(labels).sort())` prints;
/// 2. SHA-256 of its UTF-8 bytes;
/// 3. the digest as one unsigned number in base 32 (digits `0-9a-v`), left-padded with `0` to 52 characters.
///
/// Gitspaces uses the labels `dev.gitspaces.instance` and `dev.gitspaces.name`
/// (see ``gitspaceLabels(instance:name:)``): unique per engine and stable across replacements.
package enum DevContainerID {
    /// The id for a set of identifying container labels.
    package static func compute(labels: [String: String]) -> String {
        base32(Hashing.sha256(stringify(labels).utf8))
    }

    /// The identifying labels Gitspaces uses for one Gitspace.
    package static func gitspaceLabels(instance: String, name: String) -> [String: String] {
        ["dev.gitspaces.instance": instance, "dev.gitspaces.name": name]
    }

    /// The labels as compact JSON with sorted keys, written by the shared JSON writer. For Gitspaces' labels
    /// (ASCII keys, values without DEL, U+2028 or U+2029) this is exactly JavaScript's
    /// `JSON.stringify(labels, Object.keys(labels).sort())`; the writer escapes those three characters, which
    /// `JSON.stringify` leaves as they are, and sorts keys by UTF-8 rather than UTF-16 code units.
    static func stringify(_ labels: [String: String]) -> String {
        JSONTree.stringMap(labels).rendered(pretty: false)
    }

    /// The 256-bit digest in base 32, 52 digits (the top digit holds the single leftover bit).
    static func base32(_ digest: [UInt8]) -> String {
        // ASCII bytes, not Characters: this runs once per Gitspace and resolution, and grapheme breaking of an
        // alphabet and of 52 digits cost more than the SHA-256 itself.
        var digits = [UInt8](repeating: UInt8(ascii: "0"), count: 52)
        var position = digits.count
        // Read 5-bit groups from the least significant end.
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in digest.reversed() {
            accumulator |= UInt32(byte) << UInt32(bits)
            bits += 8
            while bits >= 5, position > 0 {
                position -= 1
                digits[position] = alphabet[Int(accumulator & 0x1F)]
                accumulator >>= 5
                bits -= 5
            }
        }
        if bits > 0, position > 0 {
            position -= 1
            digits[position] = alphabet[Int(accumulator & 0x1F)]
        }
        return String(decoding: digits, as: UTF8.self)
    }

    private static let alphabet = Array("0123456789abcdefghijklmnopqrstuv".utf8)
}
