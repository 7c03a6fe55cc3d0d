/// `${devcontainerId}` by the spec's label-based computation (containers.dev, "Dev Container ID"):
///
/// 1. the id labels as a JSON object, keys sorted, no whitespace — exactly what JavaScript's
///    `JSON.stringify(labels, Object.keys(labels).sort())` prints;
/// 2. SHA-256 of its UTF-8 bytes;
/// 3. the digest as one unsigned number in base 32 (digits `0-9a-v`), left-padded with `0` to 52 characters.
///
/// Gitspaces uses the labels `dev.gitspaces.instance` and `dev.gitspaces.name`
/// (see ``gitspaceLabels(instance:name:)``): unique per engine and stable across replacements.
public enum DevContainerID {
    /// The id for a set of identifying container labels.
    public static func compute(labels: [String: String]) -> String {
        base32(SHA256.hash(Array(stringify(labels).utf8)))
    }

    /// The identifying labels Gitspaces uses for one Gitspace.
    public static func gitspaceLabels(instance: String, name: String) -> [String: String] {
        ["dev.gitspaces.instance": instance, "dev.gitspaces.name": name]
    }

    /// `JSON.stringify` of the labels with keys sorted by UTF-16 code units (JavaScript's default sort).
    static func stringify(_ labels: [String: String]) -> String {
        let keys = labels.keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
        var text = "{"
        for (index, key) in keys.enumerated() {
            if index > 0 { text += "," }
            text += quote(key) + ":" + quote(labels[key]!)
        }
        return text + "}"
    }

    /// JavaScript's JSON string quoting: `"` `\` and control characters escaped, everything else as is.
    static func quote(_ value: String) -> String {
        var text = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\u{08}": text += "\\b"
            case "\u{0C}": text += "\\f"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20:
                let digits = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text + "\""
    }

    /// The 256-bit digest in base 32, 52 digits (the top digit holds the single leftover bit).
    static func base32(_ digest: [UInt8]) -> String {
        let alphabet = Array("0123456789abcdefghijklmnopqrstuv")
        var digits: [Character] = []
        digits.reserveCapacity(52)
        // Read 5-bit groups from the least significant end.
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in digest.reversed() {
            accumulator |= UInt32(byte) << UInt32(bits)
            bits += 8
            while bits >= 5 {
                digits.append(alphabet[Int(accumulator & 0x1F)])
                accumulator >>= 5
                bits -= 5
            }
        }
        if bits > 0 { digits.append(alphabet[Int(accumulator & 0x1F)]) }
        while digits.count < 52 { digits.append("0") }
        return String(digits.reversed())
    }
}
