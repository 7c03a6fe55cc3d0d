/// A piece of a container's or exec's output, from one stream.
package struct OutputChunk: Sendable, Hashable {
    /// Which stream the bytes came from.
    package enum Stream: Sendable, Hashable {
        /// Standard input echoed back (rare).
        case stdin
        /// Standard output; also everything from a container with a pseudo-terminal.
        case stdout
        /// Standard error.
        case stderr
    }

    /// The stream.
    package var stream: Stream
    /// The raw bytes (a chunk may split a UTF-8 character or a line).
    package var bytes: [UInt8]

    /// Creates a chunk.
    package init(stream: Stream, bytes: [UInt8]) {
        self.stream = stream
        self.bytes = bytes
    }

    /// The bytes as UTF-8, invalid sequences repaired.
    package var text: String { String(decoding: bytes, as: UTF8.self) }
}
