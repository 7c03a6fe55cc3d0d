import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The content-addressed features cache (the state directory's `features/` folder):
///
/// ```
/// features/
/// ├── blobs/sha256/<hex>        manifests, layers and tarballs, as fetched (verified against their digest)
/// ├── folders/sha256/<hex>/     extracted features, by manifest digest (OCI) or archive digest (tarball)
/// ├── refs/<sha256 of key>.json tag and URL resolutions: {"key", "digest", "resolvedAt"}
/// └── tmp/                      files and folders being written, renamed into place when complete
/// ```
///
/// Every entry appears by an atomic `rename` of a complete file or folder, so a reader never sees a half-written
/// one, and two processes fetching the same feature both succeed (the second rename loses and is discarded).
struct FeatureCache: Sendable {
    let root: String

    /// A resolution of a tag or URL to a digest, and when it was made.
    struct Resolution: Codable, Sendable {
        var key: String
        var digest: String
        var resolvedAt: Date
    }

    private var temporary: String { root + "/tmp" }

    /// The extracted folder for `digest`, when it is in the cache.
    func folder(for digest: String) -> String? {
        let path = folderPath(digest)
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
            ? path : nil
    }

    /// The cached blob for `digest`, when present and still hashing to it (a damaged blob is removed).
    func blob(_ digest: String) -> [UInt8]? {
        let path = blobPath(digest)
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let bytes = [UInt8](data)
        guard ContentDigest.of(bytes) == digest else {
            try? FileManager.default.removeItem(atPath: path)
            return nil
        }
        return bytes
    }

    /// Stores a verified blob under its digest.
    func storeBlob(_ bytes: [UInt8], digest: String) throws {
        try publishFile(Data(bytes), at: blobPath(digest))
    }

    /// Extracts into a fresh temporary folder with `populate` and renames it to the folder for `digest`; when
    /// another process got there first, its folder is kept. Returns the folder.
    func publishFolder(digest: String, populate: (_ folder: String) throws -> Void) throws -> String {
        let destination = folderPath(digest)
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let staging = temporary + "/folder-" + UUID().uuidString.lowercased()
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: false)
        do {
            try populate(staging)
            if rename(staging, destination) != 0 {
                let code = errno
                guard code == EEXIST || code == ENOTEMPTY, folder(for: digest) != nil else {
                    throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
                }
                try? FileManager.default.removeItem(atPath: staging)
            }
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
        return destination
    }

    /// The last resolution of `key` (a tag reference or a URL), if any.
    func resolution(of key: String) -> Resolution? {
        guard let data = FileManager.default.contents(atPath: resolutionPath(key)),
            let resolution = try? Self.decoder.decode(Resolution.self, from: data), resolution.key == key,
            ContentDigest.isValid(resolution.digest)
        else { return nil }
        return resolution
    }

    /// Records that `key` resolved to `digest` at `time`.
    func storeResolution(of key: String, digest: String, at time: Date) throws {
        let data = try Self.encoder.encode(Resolution(key: key, digest: digest, resolvedAt: time))
        try publishFile(data, at: resolutionPath(key))
    }

    private func publishFile(_ data: Data, at path: String) throws {
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let staging = temporary + "/file-" + UUID().uuidString.lowercased()
        do {
            try data.write(to: URL(fileURLWithPath: staging))
            guard rename(staging, path) == 0 else {
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
    }

    private func blobPath(_ digest: String) -> String {
        root + "/blobs/sha256/" + ContentDigest.hex(digest)
    }

    private func folderPath(_ digest: String) -> String {
        root + "/folders/sha256/" + ContentDigest.hex(digest)
    }

    private func resolutionPath(_ key: String) -> String {
        root + "/refs/" + ContentDigest.hex(ContentDigest.of(Array(key.utf8))) + ".json"
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
