internal import CZlib

/// Decompression of gzip streams through the system zlib.
enum Gunzip {
    /// Whether `bytes` start with the gzip magic number.
    static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }

    /// The decompressed bytes of a gzip stream (several concatenated members are read as one, as `gzip -d` does).
    ///
    /// - Throws: `ArchiveError.invalid` for a broken or truncated stream, or output beyond `limit` bytes.
    static func decompress(_ input: [UInt8], limit: Int) throws(ArchiveError) -> [UInt8] {
        var output: [UInt8] = []
        var offset = 0
        while offset < input.count {
            let (member, consumed) = try decompressMember(input, from: offset, limit: limit - output.count)
            output += member
            offset += consumed
            // Trailing zero padding after the last member is allowed, as gzip does.
            if input[offset...].allSatisfy({ $0 == 0 }) { break }
            guard isGzip(Array(input[offset...].prefix(2))) else {
                throw .invalid("trailing bytes after the gzip stream")
            }
        }
        return output
    }

    private static func decompressMember(_ input: [UInt8], from start: Int, limit: Int) throws(ArchiveError)
        -> (bytes: [UInt8], consumed: Int)
    {
        var stream = z_stream()
        guard gitspaces_inflate_init_auto(&stream) == Z_OK else {
            throw .invalid("zlib could not start decompressing")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let remaining = input.count - start
        let status: Int32 = input.withUnsafeBufferPointer { inputBuffer in
            stream.next_in = UnsafeMutablePointer(mutating: inputBuffer.baseAddress! + start)
            stream.avail_in = UInt32(remaining)
            while true {
                let (code, produced) = chunk.withUnsafeMutableBufferPointer { chunkBuffer in
                    stream.next_out = chunkBuffer.baseAddress
                    stream.avail_out = UInt32(chunkBuffer.count)
                    let code = inflate(&stream, Z_NO_FLUSH)
                    return (code, chunkBuffer.count - Int(stream.avail_out))
                }
                output += chunk[..<produced]
                if output.count > limit { return Z_MEM_ERROR }
                if code == Z_STREAM_END { return code }
                if code != Z_OK { return code }
                if stream.avail_in == 0 && produced == 0 { return Z_BUF_ERROR }
            }
        }
        switch status {
        case Z_STREAM_END:
            return (output, remaining - Int(stream.avail_in))
        case Z_MEM_ERROR where output.count > limit:
            throw .invalid("the archive decompresses to more than \(limit) bytes")
        case Z_BUF_ERROR:
            throw .invalid("the gzip stream is truncated")
        default:
            let reason = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
            throw .invalid("the gzip stream is broken: \(reason)")
        }
    }
}
