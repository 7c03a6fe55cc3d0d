import Crypto
import Shared

/// Checks a webhook call's HMAC-SHA256 signature: GitHub's `X-Hub-Signature-256: sha256=<hex>` or the generic
/// `X-Signature: sha256=<hex>`, over the raw body, with the shared secret. The payload itself is never trusted:
/// a valid call only asks for a fetch.
package struct WebhookVerifier: Sendable {
    /// The headers read, in order; the first present one is checked.
    package static let signatureHeaders = ["x-hub-signature-256", "x-signature"]

    private let key: SymmetricKey

    package init(secret: [UInt8]) {
        self.key = SymmetricKey(data: secret)
    }

    /// Why a call was refused, for the log (never echoing the signature).
    package enum Refusal: Sendable, Hashable, CustomStringConvertible {
        case missingSignature
        case malformedSignature
        case mismatch

        package var description: String {
            switch self {
            case .missingSignature: "no X-Hub-Signature-256 or X-Signature header"
            case .malformedSignature: "the signature header is not sha256=<64 hex digits>"
            case .mismatch: "the signature does not match the body"
            }
        }
    }

    /// nil when the signature in `headers` (lower-cased names) is the HMAC of `body`.
    package func check(headers: [String: String], body: [UInt8]) -> Refusal? {
        guard let header = Self.signatureHeaders.lazy.compactMap({ headers[$0] }).first else {
            return .missingSignature
        }
        let trimmed = header.trimmingSpaces
        guard trimmed.hasPrefix("sha256="), let given = Self.decodeHex(String(trimmed.dropFirst("sha256=".count))),
            given.count == SHA256.byteCount
        else { return .malformedSignature }
        // swift-crypto compares in constant time, so timing tells nothing about the expected MAC.
        return HMAC<SHA256>.isValidAuthenticationCode(given, authenticating: body, using: key) ? nil : .mismatch
    }

    /// `sha256=<hex>` for `body`: what a sender puts in the header.
    package func signature(for body: [UInt8]) -> String {
        "sha256=" + Hashing.hex(HMAC<SHA256>.authenticationCode(for: body, using: key))
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

extension String {
    var trimmingSpaces: Substring {
        var text = self[...]
        while text.first == " " || text.first == "\t" { text.removeFirst() }
        while text.last == " " || text.last == "\t" || text.last == "\r" || text.last == "\n" { text.removeLast() }
        return text
    }
}
