import Foundation
import NIOCore

/// The files an image is built from, as a tar archive.
package enum BuildContext: Sendable {
    /// An archive in memory (see `TarArchive`).
    case tar([UInt8])
    /// An archive on disk, streamed to the engine (plain tar, or gzip/bzip2/xz-compressed).
    case tarFile(path: String)
}

/// A file read in 64 KiB pieces, for a streamed request body.
struct FileChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let path: String

    func makeAsyncIterator() -> Iterator {
        Iterator(path: path)
    }

    struct Iterator: AsyncIteratorProtocol {
        let path: String
        var handle: FileHandle?
        var done = false

        init(path: String) {
            self.path = path
        }

        mutating func next() async throws -> ByteBuffer? {
            if done { return nil }
            if handle == nil {
                handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            }
            guard let data = try handle?.read(upToCount: 64 * 1024), !data.isEmpty else {
                try handle?.close()
                done = true
                return nil
            }
            return ByteBuffer(bytes: data)
        }
    }
}
