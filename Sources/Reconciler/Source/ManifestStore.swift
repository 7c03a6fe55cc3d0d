import Foundation
package import GitspacesCore
import Shared

/// The manifest cache on disk: the decoded manifest files of the revisions a command last read from one config
/// repository, keyed by path and git blob id (content), so `gitspaces diff` parses only blobs it has not seen.
///
/// One file per repository and path under `$XDG_CACHE_HOME/gitspaces/manifests` (`~/.cache/...` without it),
/// rewritten whole (temporary file, then rename) with the files the last run used, so it holds about two revisions'
/// manifests; at most `maxFiles` files are kept, the least recently used go first. A file is trusted only when its
/// magic, its decoder version (cache format, release and the executable's identity, so a rebuilt binary never
/// reads an older one's entries) and its SHA-256 match and it decodes completely; anything else is ignored and the
/// manifests are parsed again. Besides the files, it keeps a summary of each of the last few revisions that validated
/// (where each Gitspace is declared, which files declare the Policy and profiles), keyed by every path and blob id of
/// the revision: `diff` then loads a head against such a base by the files that differ (`ManifestLoader.loadChanges`).
package struct ManifestStore: Sendable {
    /// Bump when the decoded form (`FileDeclarations+Cache.swift`) or the decoding changes.
    package static let format = 2
    /// Cache files kept in the folder (one per repository and path).
    package static let maxFiles = 32
    static let magic = Array("GITSPACES MANIFEST CACHE\n".utf8)

    /// The cache file.
    package var file: String
    /// Entries written under another version are ignored.
    package var version: String

    package init(file: String, version: String = ManifestStore.currentVersion) {
        self.file = file
        self.version = version
    }

    /// The version this binary reads and writes: `version(ofExecutable:)` of the running executable.
    package static let currentVersion: String = {
        var info = stat()
        let running = stat("/proc/self/exe", &info) == 0 ? "/proc/self/exe" : CommandLine.arguments[0]
        return version(ofExecutable: running)
    }()

    /// The cache format, the release and the executable's size, modification time and inode: a rebuilt or
    /// reinstalled binary never reads entries another one wrote.
    package static func version(ofExecutable path: String) -> String {
        var info = stat()
        let identity =
            stat(path, &info) == 0
            ? "\(info.st_size)-\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)-\(info.st_ino)" : "unknown"
        return "format \(format); gitspaces \(Release.number); executable \(identity)"
    }

    /// The folder cache files live in, or nil when caching is switched off (`GITSPACES_CACHE=off`).
    package static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let setting = environment["GITSPACES_CACHE"], ["off", "0", "false", "no"].contains(setting.lowercased()) {
            return nil
        }
        let base =
            environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSTemporaryDirectory()) + "/.cache"
        return base + "/gitspaces/manifests"
    }

    /// The store for a repository (a local path or a URL) and path inside it, in `directory`.
    package static func forRepository(_ repo: String, path: String?, in directory: String) -> ManifestStore {
        let local = ConfigSource.isRemote(repo) ? repo : URL(fileURLWithPath: repo).standardizedFileURL.path
        let name = Hashing.sha256Hex("\(local)\n\(path ?? "")").prefix(32)
        return ManifestStore(file: directory + "/" + name + ".cache")
    }

    /// Restores the cache file's entries into `cache`; a missing, foreign, outdated, truncated or corrupt file
    /// restores nothing. Returns whether entries were restored.
    @discardableResult
    package func load(into cache: ManifestCache) -> Bool {
        guard let payload = readPayload() else { return false }
        return cache.restore(from: payload)
    }

    /// The verified payload of the cache file (for `ManifestCache.restore(from:)`), or nil when it is missing,
    /// foreign, outdated, truncated or corrupt. Blocking: call it through `BlockingWork`.
    package func readPayload() -> [UInt8]? {
        guard let bytes = Self.contents(of: file) else { return nil }
        return Self.payload(of: bytes, version: version)
    }

    /// A file's bytes read straight into an array (through `Data` they were copied once more: a tenth of a warm
    /// `diff`); nil when it cannot be read whole.
    static func contents(of path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_size >= 0 else { return nil }
        let size = Int(info.st_size)
        var complete = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var done = 0
            while done < size {
                let got = read(descriptor, buffer.baseAddress! + done, size - done)
                if got < 0, errno == EINTR { continue }
                guard got > 0 else { break }
                done += got
            }
            count = done
            complete = done == size
        }
        return complete ? bytes : nil
    }

    /// Writes the files `cache` used when `needsSaving`, else marks the file as recently used; best effort: a cache
    /// that cannot be written only makes the next run slower.
    package func save(_ cache: ManifestCache) {
        guard cache.needsSaving else { return touch() }
        write(cache.encodedEntries())
    }

    /// Marks the cache file as recently used (eviction removes the least recently used first).
    package func touch() {
        utimes(file, nil)
    }

    /// Replaces the cache file with `payload` (`ManifestCache.encodedEntries()`): a temporary file, then a rename,
    /// so a reader sees the old file or the new one, never a mix. Blocking: call it through `BlockingWork`.
    package func write(_ payload: [UInt8]) {
        let manager = FileManager.default
        var writer = CacheWriter(bytes: Self.magic)
        writer.string(version)
        writer.int(payload.count)
        let bytes = writer.bytes + Hashing.sha256(payload) + payload
        let directory = (file as NSString).deletingLastPathComponent
        let temporary = "\(file).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        do {
            try manager.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            guard manager.createFile(atPath: temporary, contents: Data(bytes), attributes: [.posixPermissions: 0o600])
            else { return }
            guard rename(temporary, file) == 0 else {
                try? manager.removeItem(atPath: temporary)
                return
            }
        } catch {
            try? manager.removeItem(atPath: temporary)
            return
        }
        Self.evict(in: directory, keeping: Self.maxFiles)
    }

    /// The payload of a cache file's bytes, or nil unless magic, version, length and checksum all match.
    static func payload(of bytes: [UInt8], version: String) -> [UInt8]? {
        guard bytes.starts(with: magic) else { return nil }
        var reader = CacheReader(bytes, offset: magic.count)
        guard (try? reader.string()) == version, let length = try? reader.count(),
            bytes.count - reader.offset == 32 + length,
            let checksum = try? reader.bytes(32), let payload = (try? reader.bytes(length)).map(Array.init)
        else { return nil }
        guard Hashing.sha256(payload).elementsEqual(checksum) else { return nil }
        return payload
    }

    /// Removes the least recently written cache files beyond `keeping`, and temporary files older than an hour.
    static func evict(in directory: String, keeping: Int) {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: directory) else { return }
        var files: [(path: String, modified: Date)] = []
        for name in names {
            let path = directory + "/" + name
            let modified = (try? manager.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? .distantPast
            if name.hasSuffix(".tmp") {
                if modified < Date(timeIntervalSinceNow: -3600) { try? manager.removeItem(atPath: path) }
            } else if name.hasSuffix(".cache") {
                files.append((path, modified))
            }
        }
        for stale in files.sorted(by: { $0.modified > $1.modified }).dropFirst(keeping) {
            try? manager.removeItem(atPath: stale.path)
        }
    }
}
