import GitspacesDaemon

extension FuzzTarget {
    package static let webhookSecret = Array("fuzz-secret".utf8)

    /// Splits `bytes` into `name: value` header lines, an empty line and the body, and checks the call's
    /// signature; a signature the verifier computed for a body must always verify. The body is read as a hint.
    static func webhook(_ bytes: [UInt8]) {
        let (headers, body) = webhookRequest(bytes)
        let verifier = WebhookVerifier(secret: webhookSecret)
        if let refusal = verifier.check(headers: headers, body: body) { _ = refusal.description }
        let signed = ["x-hub-signature-256": verifier.signature(for: body)]
        precondition(verifier.check(headers: signed, body: body) == nil, "a computed signature does not verify")
        // The payload is read only as a hint of which repository moved: any bytes are a hint or none.
        for url in WebhookHint(payload: body).named { _ = WebhookHint.identity(url) }
    }

    /// The header fields (names lower-cased, as the daemon's route passes them) and the body after the first
    /// empty line; without one, everything is headers.
    package static func webhookRequest(_ bytes: [UInt8]) -> (headers: [String: String], body: [UInt8]) {
        var headers: [String: String] = [:]
        var index = 0
        while index < bytes.count {
            let end = bytes[index...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            var line = bytes[index..<end]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            index = end + 1
            if line.isEmpty { return (headers, Array(bytes[min(index, bytes.count)...])) }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let name = String(decoding: line[..<colon], as: UTF8.self).lowercased()
            headers[name] = String(decoding: line[(colon + 1)...], as: UTF8.self)
        }
        return (headers, [])
    }
}
