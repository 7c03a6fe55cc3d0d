/// Splits the engine's multiplexed stream (non-TTY attach, exec and logs) into chunks per stream.
///
/// Each frame is an 8-byte header — stream type (0 stdin, 1 stdout, 2 stderr), three zero bytes, payload length as
/// a 32-bit big-endian integer — followed by the payload. Payloads are passed on as they arrive, so a large frame
/// does not wait to be complete.
struct StreamDemultiplexer {
    enum FramingError: Error, CustomStringConvertible {
        case badHeader([UInt8])
        case truncated(missing: Int)

        var description: String {
            switch self {
            case .badHeader(let header):
                "unexpected stream frame header \(header.map { String($0, radix: 16) }.joined(separator: " "))"
            case .truncated(let missing):
                "the stream ended inside a frame, \(missing) bytes short"
            }
        }
    }

    private var header: [UInt8] = []
    private var current: OutputChunk.Stream = .stdout
    private var remaining = 0

    /// Feeds bytes; returns the payload pieces they complete, in order.
    mutating func feed(_ bytes: some Collection<UInt8>) throws -> [OutputChunk] {
        var chunks: [OutputChunk] = []
        var index = bytes.startIndex
        while index != bytes.endIndex {
            if remaining > 0 {
                let end = bytes.index(index, offsetBy: remaining, limitedBy: bytes.endIndex) ?? bytes.endIndex
                let piece = Array(bytes[index..<end])
                remaining -= piece.count
                index = end
                if let last = chunks.last, last.stream == current {
                    chunks[chunks.count - 1].bytes += piece
                } else {
                    chunks.append(OutputChunk(stream: current, bytes: piece))
                }
                continue
            }
            header.append(bytes[index])
            index = bytes.index(after: index)
            guard header.count == 8 else { continue }
            guard header[0] <= 2, header[1] == 0, header[2] == 0, header[3] == 0 else {
                throw FramingError.badHeader(header)
            }
            current = header[0] == 0 ? .stdin : header[0] == 1 ? .stdout : .stderr
            remaining = header[4...7].reduce(0) { $0 << 8 | Int($1) }
            header.removeAll(keepingCapacity: true)
        }
        return chunks
    }

    /// Checks that the stream did not end inside a frame.
    func finish() throws {
        if remaining > 0 { throw FramingError.truncated(missing: remaining) }
        if !header.isEmpty { throw FramingError.truncated(missing: 8 - header.count) }
    }
}
