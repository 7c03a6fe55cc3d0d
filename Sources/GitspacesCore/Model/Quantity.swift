/// A number of CPUs, kept exactly in thousandths (`0.5` is 500 millicpus).
package struct CPUs: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    package var millis: Int

    package init(millis: Int) { self.millis = millis }

    /// Accepts a decimal (`2`, `0.5`, `1.25`) or Kubernetes millicpus (`500m`).
    package init?(parsing text: String) {
        if text.hasSuffix("m"), let millis = Int(text.dropLast()), millis > 0 {
            self.millis = millis
            return
        }
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let wholeText = parts.first, wholeText.allSatisfy(\.isASCIIDigit), !wholeText.isEmpty || parts.count == 2,
            let whole = wholeText.isEmpty ? 0 : Int(wholeText), whole < 1_000_000
        else { return nil }
        var fraction = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard !digits.isEmpty, digits.count <= 3, digits.allSatisfy(\.isASCIIDigit) else { return nil }
            fraction = Int(digits + String(repeating: "0", count: 3 - digits.count)) ?? 0
        }
        millis = whole * 1000 + fraction
        guard millis > 0 else { return nil }
    }

    /// The engine's unit: billionths of a CPU.
    package var nanoCPUs: Int64 { Int64(millis) * 1_000_000 }

    package var description: String {
        let whole = millis / 1000
        let fraction = millis % 1000
        guard fraction != 0 else { return "\(whole)" }
        var digits = String(fraction)
        digits = String(repeating: "0", count: 3 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(whole).\(digits)"
    }

    package static func < (lhs: CPUs, rhs: CPUs) -> Bool { lhs.millis < rhs.millis }

    package init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = CPUs(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad cpus"))
        }
        self = value
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// An amount of bytes: memory or disk.
package struct ByteSize: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    package var bytes: Int64

    package init(bytes: Int64) { self.bytes = bytes }

    static let binaryUnits: [(suffix: String, factor: Int64)] = [
        ("Ki", 1 << 10), ("Mi", 1 << 20), ("Gi", 1 << 30), ("Ti", 1 << 40), ("Pi", 1 << 50),
    ]
    static let decimalUnits: [(suffix: String, factor: Int64)] = [
        ("K", 1_000), ("k", 1_000), ("M", 1_000_000), ("G", 1_000_000_000), ("T", 1_000_000_000_000),
        ("P", 1_000_000_000_000_000),
    ]

    /// Accepts plain bytes (`1048576`), binary units (`512Mi`, `8Gi`, `1Ti`) and decimal units
    /// (`8G`, `500M`). A decimal number is allowed before a unit (`1.5Gi`).
    package init?(parsing text: String) {
        var number = Substring(text)
        var factor: Int64 = 1
        for unit in Self.binaryUnits + Self.decimalUnits where text.hasSuffix(unit.suffix) {
            number = text.dropLast(unit.suffix.count)
            factor = unit.factor
            break
        }
        guard !number.isEmpty else { return nil }
        if number.allSatisfy(\.isASCIIDigit) {
            guard let value = Int64(number) else { return nil }
            let (product, overflow) = value.multipliedReportingOverflow(by: factor)
            guard !overflow, product > 0 else { return nil }
            bytes = product
            return
        }
        let parts = number.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard factor > 1, parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }),
            parts[1].count <= 6, let whole = Int64(parts[0]), let fraction = Int64(parts[1])
        else { return nil }
        var scale: Int64 = 1
        for _ in 0..<parts[1].count { scale *= 10 }
        let (wholeBytes, overflow) = whole.multipliedReportingOverflow(by: factor)
        guard !overflow else { return nil }
        bytes = wholeBytes + fraction * factor / scale
        guard bytes > 0 else { return nil }
    }

    /// The shortest exact form with a binary unit (`8Gi`, `1536Mi`), else plain bytes.
    package var description: String {
        for unit in Self.binaryUnits.reversed() where bytes % unit.factor == 0 {
            return "\(bytes / unit.factor)\(unit.suffix)"
        }
        return "\(bytes)"
    }

    package static func < (lhs: ByteSize, rhs: ByteSize) -> Bool { lhs.bytes < rhs.bytes }

    package init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = ByteSize(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad size"))
        }
        self = value
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
