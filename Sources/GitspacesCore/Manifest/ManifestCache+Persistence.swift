package import YAMLKit

extension ManifestCache {
    /// A file of a git revision: its path (messages and declarations name it) and its blob id (its content).
    package struct Key: Sendable, Hashable {
        package var path: String
        package var blob: String

        package init(path: String, blob: String) {
            self.path = path
            self.blob = blob
        }
    }

    /// The files restored from an earlier run: a reader need not read their content (`SourceFile.isDeferred`).
    package var restoredKeys: Set<Key> { Set(restored.keys) }

    /// Whether the cache file is worth rewriting: nothing was restored, or more than a tenth of the files this run
    /// used had to be parsed. Rewriting costs about what parsing a tenth of the files does, so a run that parsed a
    /// few new files (a pull request's) leaves the file as it is and the next run parses those few again.
    package var needsSaving: Bool {
        guard !restored.isEmpty else { return !used.isEmpty }
        let parsed = used.keys.count(where: { restored[$0] == nil })
        return parsed * 10 > used.count
    }

    /// The decode of a file from an earlier load or run; git files only by path and blob, and only at the
    /// default limits (what the restored entries were decoded with).
    func lookup(_ file: SourceFile, limits: YAMLLimits) -> FileDeclarations? {
        guard let blob = file.blob, limits == .default else { return entries[file] }
        let key = Key(path: file.path, blob: blob)
        if let hit = used[key] { return hit }
        guard let hit = restored[key] else { return nil }
        used[key] = hit
        return hit
    }

    func remember(_ file: SourceFile, limits: YAMLLimits, _ decoded: FileDeclarations) {
        guard let blob = file.blob, limits == .default else {
            entries[file] = decoded
            return
        }
        used[Key(path: file.path, blob: blob)] = decoded
    }

    /// The files this run used, in the binary form `restore(from:)` reads.
    package func encodedEntries() -> [UInt8] {
        var writer = CacheWriter()
        writer.int(used.count)
        for (key, decoded) in used {
            writer.string(key.path)
            writer.string(key.blob)
            decoded.write(to: &writer)
        }
        return writer.bytes
    }

    /// Restores the files `encodedEntries()` wrote; bytes that do not decode completely restore nothing and return
    /// false (the files are parsed again).
    @discardableResult
    package func restore(from bytes: [UInt8]) -> Bool {
        var reader = CacheReader(bytes)
        var entries: [Key: FileDeclarations] = [:]
        do throws(CacheFormatError) {
            let count = try reader.count()
            entries.reserveCapacity(count)
            for _ in 0..<count {
                let key = Key(path: try reader.string(), blob: try reader.string())
                entries[key] = try FileDeclarations(from: &reader)
            }
            guard reader.isAtEnd, entries.count == count else { return false }
        } catch {
            return false
        }
        restored = entries
        return true
    }
}
