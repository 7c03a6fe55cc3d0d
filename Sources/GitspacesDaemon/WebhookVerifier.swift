import DevContainer

/// Checks a webhook call's HMAC-SHA256 signature: GitHub's `X-Hub-Signature-256: sha256=<hex>` or the generic
/// `X-Signature: sha256=<hex>`, over the raw body, with the shared secret. The payload itself is never trusted:
/// a valid call only asks for a fetch.
public struct WebhookVerifier: Sendable {
    /// The headers read, in order; the first present one is checked.
    public static let signatureHeaders = ["x-hub-signature-256", "x-signature"]

    private let secret: [UInt8]

    public init(secret: [UInt8]) {
        self.secret = secret
    }

    /// Why a call was refused, for the log (never echoing the signature).
    public enum Refusal: Sendable, Hashable, CustomStringConvertible {
        case missingSignature
        case malformedSignature
        case mismatch

        public var description: String {
            switch self {
            case .missingSignature: "no X-Hub-Signature-256 or X-Signature header"
            case .malformedSignature: "the signature header is not sha256=<64 hex digits>"
            case .mismatch: "the signature does not match the body"
            }
        }
    }

    /// nil when the signature in `headers` (lower-cased names) is the HMAC of `body`.
    public func check(headers: [String: String], body: [UInt8]) -> Refusal? {
        guard let header = Self.signatureHeaders.lazy.compactMap({ headers[$0] }).first else { return .missingSignature }
        let trimmed = header.trimmingSpaces
        guard trimmed.hasPrefix("sha256="), let given = Self.decodeHex(String(trimmed.dropFirst("sha256=".count))),
            given.count == 32
        else { return .malformedSignature }
        return Self.constantTimeEqual(given, HMAC.sha256(key: secret, message: body)) ? nil : .mismatch
    }

    /// `sha256=<hex>` for `body`: what a sender puts in the header.
    public func signature(for body: [UInt8]) -> String {
        "sha256=" + HMAC.sha256(key: secret, message: body).map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0xf)]])
        }.joined()
    }

    /// Compares every byte whatever the first difference, so timing tells nothing about the expected MAC.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    static func decodeHex(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// HMAC (RFC 2104) over the plain-Swift SHA-256 of the DevContainer module.
public enum HMAC {
    public static func sha256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        let blockSize = 64
        var block = key.count > blockSize ? SHA256.hash(key) : key
        block += [UInt8](repeating: 0, count: blockSize - block.count)
        let inner = SHA256.hash(block.map { $0 ^ 0x36 } + message)
        return SHA256.hash(block.map { $0 ^ 0x5c } + inner)
    }
}

extension String {
    var trimmingSpaces: Substring {
        var text = self[...]
        while text.first == " " || text.first == "\t" { text.removeFirst() }
        while text.last == " " || text.last == "\t" || text.last == "\r" || text.last == "\n" { text.removeLast() }
        return text
    }
}
