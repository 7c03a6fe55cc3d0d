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

    /// Whether the cache file is worth rewriting: nothing was restored, a revision summary was made, or more than a
    /// tenth of the files this run used had to be parsed. Rewriting costs about what parsing a tenth of the files
    /// does, so a run that parsed a few new files (a pull request's) leaves the file as it is and the next run parses
    /// those few again.
    package var needsSaving: Bool {
        if summariesChanged { return true }
        guard !restored.isEmpty else { return !used.isEmpty }
        let parsed = used.keys.count(where: { restored[$0] == nil })
        return parsed * 10 > max(used.count, carriedCount)
    }

    /// The decode of a file from an earlier load or run; git files only by path and blob, and only at the
    /// default limits (what the restored entries were decoded with).
    func lookup(_ file: SourceFile, limits: YAMLLimits) -> FileDeclarations? {
        guard let blob = file.blob, limits == .default else { return entries[file] }
        let key = Key(path: file.path, blob: blob)
        if let hit = used[key] { return hit }
        guard let hit = restoredEntry(key) else { return nil }
        used[key] = hit
        return hit
    }

    /// A restored file's decode, read from the payload; nil when the cache does not hold it or it does not decode.
    func restoredEntry(_ key: Key) -> FileDeclarations? {
        guard let range = restored[key] else { return nil }
        var reader = CacheReader(payload, offset: range.lowerBound)
        guard let decoded = try? FileDeclarations(from: &reader), reader.offset == range.upperBound else {
            unreadable = true
            return nil
        }
        return decoded
    }

    func remember(_ file: SourceFile, limits: YAMLLimits, _ decoded: FileDeclarations) {
        guard let blob = file.blob, limits == .default else {
            entries[file] = decoded
            return
        }
        used[Key(path: file.path, blob: blob)] = decoded
    }

    /// The files this run used or carried and the summaries worth keeping, in the binary form `restore(from:)` reads:
    /// each file's path, blob id and the length of its encoded decode, so a restore can skip it undecoded.
    package func encodedEntries() -> [UInt8] {
        var writer = CacheWriter()
        var carriedOnly = Set<Key>()
        for files in carried {
            for file in files {
                guard let blob = file.blob else { continue }
                let key = Key(path: file.path, blob: blob)
                if used[key] == nil, restored[key] != nil { carriedOnly.insert(key) }
            }
        }
        writer.int(used.count + carriedOnly.count)
        for (key, decoded) in used {
            writer.string(key.path)
            writer.string(key.blob)
            let start = writer.bytes.count
            writer.int(0)
            decoded.write(to: &writer)
            let length = Int64(writer.bytes.count - start - 8).littleEndian
            withUnsafeBytes(of: length) { writer.bytes.replaceSubrange(start..<start + 8, with: $0) }
        }
        for key in carriedOnly {
            guard let range = restored[key] else { continue }
            writer.string(key.path)
            writer.string(key.blob)
            writer.int(range.count)
            writer.bytes.append(contentsOf: payload[range])
        }
        let summaries = summariesToKeep()
        writer.int(summaries.count)
        for summary in summaries {
            writer.string(summary.key)
            writer.int(summary.body.count)
            writer.bytes.append(contentsOf: summary.body)
        }
        return writer.bytes
    }

    /// Restores the files and summaries `encodedEntries()` wrote, each left encoded until a load asks for it; bytes
    /// that do not hold the entries completely restore nothing and return false (the files are parsed again).
    @discardableResult
    package func restore(from bytes: [UInt8]) -> Bool {
        var reader = CacheReader(bytes)
        var entries: [Key: Range<Int>] = [:]
        var summaries: [String: ArraySlice<UInt8>] = [:]
        var order: [String] = []
        do throws(CacheFormatError) {
            let count = try reader.count()
            entries.reserveCapacity(count)
            for _ in 0..<count {
                let key = Key(path: try reader.string(), blob: try reader.string())
                let length = try reader.count()
                let start = reader.offset
                _ = try reader.bytes(length)
                entries[key] = start..<start + length
            }
            guard entries.count == count else { return false }
            for _ in 0..<(try reader.count()) {
                let key = try reader.string()
                summaries[key] = try reader.bytes(try reader.count())
                order.append(key)
            }
            guard reader.isAtEnd, summaries.count == order.count else { return false }
        } catch {
            return false
        }
        payload = bytes
        restored = entries
        restoredSummaries = summaries
        restoredSummaryOrder = order
        return true
    }
}
