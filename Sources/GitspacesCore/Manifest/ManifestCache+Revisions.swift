import Shared
import YAMLKit

/// What a valid revision of the manifests declares, by file: enough to load a revision that differs from it in a few
/// files without reading the others (`ManifestLoader.loadChanges`). Kept by the revision's content (every path and
/// blob id), so it can only describe the revision it was made from.
struct RevisionSummary: Equatable {
    /// `RevisionSummary.key(of:)` of the revision's files.
    var key: String
    /// Each Gitspace name and the file that declares it (once: the revision validated).
    var declaringFile: [String: String]
    /// The files that declare a Policy or a HardwareProfile, sorted: what every Gitspace resolves against.
    var contextFiles: [String]

    var gitspaceCount: Int { declaringFile.count }

    /// The content key of a git revision's files: SHA-256 over every path and blob id, in path order; nil when a file
    /// has no blob id (a folder's files) or the files were read with other limits than the cache keeps.
    static func key(of files: [SourceFile]) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(files.count * 80)
        for file in sortedByPath(files) {
            guard let blob = file.blob else { return nil }
            bytes.append(contentsOf: file.path.utf8)
            bytes.append(0)
            bytes.append(contentsOf: blob.utf8)
            bytes.append(0x0A)
        }
        return Hashing.sha256Hex(bytes)
    }

    static func sortedByPath(_ files: [SourceFile]) -> [SourceFile] {
        zip(files, files.dropFirst()).allSatisfy { $0.path < $1.path } ? files : files.sorted { $0.path < $1.path }
    }

    /// Collects a summary while a revision loads, file by file in path order.
    struct Builder {
        var summary: RevisionSummary

        init?(_ files: [SourceFile], limits: YAMLLimits) {
            guard limits == .default, let key = RevisionSummary.key(of: files) else { return nil }
            summary = RevisionSummary(key: key, declaringFile: [:], contextFiles: [])
            summary.declaringFile.reserveCapacity(files.count)
        }

        mutating func add(_ file: SourceFile, _ decoded: FileDeclarations) {
            for declaration in decoded.declarations.gitspaces {
                summary.declaringFile[declaration.gitspace.name] = file.path
            }
            if !decoded.declarations.profiles.isEmpty || !decoded.declarations.policies.isEmpty {
                summary.contextFiles.append(file.path)
            }
        }
    }

    func write(to writer: inout CacheWriter) {
        writer.strings(contextFiles)
        var byFile: [String: [String]] = [:]
        for (name, file) in declaringFile { byFile[file, default: []].append(name) }
        writer.dictionary(byFile) { $0.strings($1.sorted()) }
    }

    init(key: String, declaringFile: [String: String], contextFiles: [String]) {
        self.key = key
        self.declaringFile = declaringFile
        self.contextFiles = contextFiles
    }

    init(key: String, from reader: inout CacheReader) throws(CacheFormatError) {
        self.key = key
        contextFiles = try reader.strings()
        declaringFile = [:]
        let files = try reader.count()
        for _ in 0..<files {
            let file = try reader.string()
            for name in try reader.strings() {
                guard declaringFile.updateValue(file, forKey: name) == nil else { throw CacheFormatError() }
            }
        }
    }
}

extension ManifestCache {
    /// Revision summaries kept: a pull request's base, its head, and a couple more.
    static let maxSummaries = 4

    /// The summary of the revision whose content key is `key`, decoded from the restored bytes on first use.
    func summary(for key: String) -> RevisionSummary? {
        if let summary = summaries.first(where: { $0.key == key }) { return summary }
        guard let bytes = restoredSummaries[key] else { return nil }
        var reader = CacheReader(Array(bytes))
        guard let summary = try? RevisionSummary(key: key, from: &reader), reader.isAtEnd else { return nil }
        summaries.append(summary)
        return summary
    }

    /// Keeps the summary of a revision that validated, most recent first.
    func remember(_ made: RevisionSummary) {
        guard summary(for: made.key) == nil else { return }
        summaries.insert(made, at: 0)
        summariesChanged = true
    }

    /// The restored summaries worth keeping, most recent first (those this run used or made first), at most
    /// `maxSummaries`, as key and encoded body.
    func summariesToKeep() -> [(key: String, body: [UInt8])] {
        var kept: [(key: String, body: [UInt8])] = []
        for summary in summaries {
            var writer = CacheWriter()
            summary.write(to: &writer)
            kept.append((summary.key, writer.bytes))
        }
        for key in restoredSummaryOrder where !kept.contains(where: { $0.key == key }) {
            if let bytes = restoredSummaries[key] { kept.append((key, Array(bytes))) }
        }
        return Array(kept.prefix(Self.maxSummaries))
    }

    /// Marks the files of two revisions read by their changes as part of this run (`distinct` of them): a rewrite of
    /// the cache file keeps their entries even when this run did not need to decode them.
    func carry(_ base: [SourceFile], _ head: [SourceFile], distinct: Int) {
        carried += [base, head]
        carriedCount = max(carriedCount, distinct)
    }
}

extension ManifestLoader {
    /// Two revisions of a diff, each reduced to the Gitspaces whose declarations differ between them, resolved exactly
    /// as a full load resolves them; `unchanged` Gitspaces resolve to the same values at both revisions.
    package struct Changes {
        package var base: DesiredState
        package var head: DesiredState
        /// The Gitspaces left out of both: declared by files equal at both revisions, and named nowhere else.
        package var unchanged: Int

        package init(base: DesiredState, head: DesiredState, unchanged: Int) {
            self.base = base
            self.head = head
            self.unchanged = unchanged
        }
    }

    /// `base` and `head` loaded by what differs between them, when the cache holds a summary of `base` (so `base`
    /// validated, and where each of its Gitspaces is declared is known) and no Policy or HardwareProfile changed:
    /// only the files that differ, the files that declare a Policy or HardwareProfile, and the unchanged files that
    /// declare a name the changed ones declare are decoded and resolved. Throws every problem of `head`, as a full
    /// load would; returns nil when a full load of both is needed.
    ///
    /// Why this validates `head` completely: an unchanged file decodes as it did in `base`, which had no problems;
    /// with the Policy and profiles unchanged, a Gitspace from an unchanged file resolves as it did in `base`, unless
    /// a changed file declares its name (a duplicate), and every declaration of such a name is resolved here in the
    /// files' order, as the full load does.
    package static func loadChanges(base: [SourceFile], head: [SourceFile], cache: ManifestCache)
        throws(ManifestError) -> Changes?
    {
        guard let key = RevisionSummary.key(of: base), let summary = cache.summary(for: key),
            head.allSatisfy({ $0.blob != nil })
        else { return nil }
        let baseBlobs = Dictionary(base.map { ($0.path, $0.blob) }, uniquingKeysWith: { first, _ in first })
        let headBlobs = Dictionary(head.map { ($0.path, $0.blob) }, uniquingKeysWith: { first, _ in first })
        var removed: [String: FileDeclarations] = [:]
        var added: [String: FileDeclarations] = [:]
        for file in base where headBlobs[file.path] != file.blob {
            removed[file.path] = decoded(file, limits: .default, cache: cache)
        }
        for file in head where baseBlobs[file.path] != file.blob {
            added[file.path] = decoded(file, limits: .default, cache: cache)
        }
        let changed = Array(removed.values) + Array(added.values)
        // A changed Policy or HardwareProfile changes how every Gitspace resolves.
        guard changed.allSatisfy({ $0.declarations.profiles.isEmpty && $0.declarations.policies.isEmpty }) else {
            return nil
        }
        var affected = Set<String>()
        for file in changed { affected.formUnion(file.declarations.gitspaces.map(\.gitspace.name)) }
        // The unchanged files declaring an affected name: at `base` (the summary), so also at `head`.
        let unchangedDeclaring = Set(affected.compactMap { summary.declaringFile[$0] }).filter { removed[$0] == nil }
        let shared = unchangedDeclaring.union(summary.contextFiles)

        func restricted(_ files: [SourceFile], changed: [String: FileDeclarations]) -> (DesiredState, [Diagnostic]) {
            var declarations = Declarations()
            var diagnostics: [Diagnostic] = []
            for file in RevisionSummary.sortedByPath(files)
            where changed[file.path] != nil || shared.contains(file.path) {
                let decoded = changed[file.path] ?? decoded(file, limits: .default, cache: cache)
                var part = decoded.declarations
                part.gitspaces.removeAll { !affected.contains($0.gitspace.name) }
                declarations.append(part)
                diagnostics += decoded.diagnostics
            }
            let state = declarations.resolve(diagnostics: &diagnostics)
            return (state, diagnostics)
        }

        let (baseState, baseProblems) = restricted(base, changed: removed)
        guard baseProblems.isEmpty, baseState.gitspaces.count <= summary.gitspaceCount else { return nil }
        let (headState, headProblems) = restricted(head, changed: added)
        cache.carry(base, head, distinct: base.count + added.count)
        guard headProblems.isEmpty else { throw ManifestError(headProblems) }
        return Changes(base: baseState, head: headState, unchanged: summary.gitspaceCount - baseState.gitspaces.count)
    }
}
