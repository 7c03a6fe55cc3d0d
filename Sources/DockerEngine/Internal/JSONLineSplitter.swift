/// Splits the engine's JSON-lines progress streams (`/build`, `/images/create`) into lines.
package struct JSONLineSplitter {
    /// Longest line accepted; the engine's lines are short progress records.
    static let maximumLineLength = 4 * 1024 * 1024

    struct LineTooLong: Error, CustomStringConvertible {
        var description: String { "a progress line is longer than \(JSONLineSplitter.maximumLineLength) bytes" }
    }

    private var partial: [UInt8] = []

    package init() {}

    /// Feeds bytes; returns the complete, non-empty lines they finish (without `\r\n` / `\n`).
    package mutating func feed(_ bytes: some Collection<UInt8>) throws -> [[UInt8]] {
        var lines: [[UInt8]] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                if partial.last == UInt8(ascii: "\r") { partial.removeLast() }
                if !partial.isEmpty { lines.append(partial) }
                partial.removeAll(keepingCapacity: true)
            } else {
                partial.append(byte)
                if partial.count > Self.maximumLineLength { throw LineTooLong() }
            }
        }
        return lines
    }

    /// The last line when the stream did not end with a newline.
    package mutating func finish() -> [UInt8]? {
        defer { partial.removeAll() }
        let trimmed = partial.last == UInt8(ascii: "\r") ? Array(partial.dropLast()) : partial
        return trimmed.isEmpty ? nil : trimmed
    }
}
