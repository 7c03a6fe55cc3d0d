/// A piece of a container's or exec's output, from one stream.
public struct OutputChunk: Sendable, Hashable {
    /// Which stream the bytes came from.
    public enum Stream: Sendable, Hashable {
        /// Standard input echoed back (rare).
        case stdin
        /// Standard output; also everything from a container with a pseudo-terminal.
        case stdout
        /// Standard error.
        case stderr
    }

    /// The stream.
    public var stream: Stream
    /// The raw bytes (a chunk may split a UTF-8 character or a line).
    public var bytes: [UInt8]

    /// Creates a chunk.
    public init(stream: Stream, bytes: [UInt8]) {
        self.stream = stream
        self.bytes = bytes
    }

    /// The bytes as UTF-8, invalid sequences repaired.
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}
