package import YAMLKit

/// Turns manifest files into a validated `DesiredState`, reporting every problem at once.
package enum ManifestLoader {
    /// Loads and validates the manifests. Throws every problem found, sorted by file and position.
    ///
    /// Pass the same `cache` to several loads (the two revisions of a diff) and a file with the
    /// same path and bytes is parsed and decoded once.
    package static func load(
        _ files: [SourceFile], limits: YAMLLimits = .default, cache: ManifestCache? = nil
    ) throws(ManifestError) -> DesiredState {
        var declarations = Declarations()
        var diagnostics: [Diagnostic] = []
        var summary = cache?.recordsRevisions == true ? RevisionSummary.Builder(files, limits: limits) : nil
        for file in RevisionSummary.sortedByPath(files) {
            let decoded = decoded(file, limits: limits, cache: cache)
            summary?.add(file, decoded)
            declarations.append(decoded.declarations)
            diagnostics += decoded.diagnostics
        }
        let state = declarations.resolve(diagnostics: &diagnostics)
        guard diagnostics.isEmpty else { throw ManifestError(diagnostics) }
        if let summary { cache?.remember(summary.summary) }
        return state
    }

    /// One file's decode: from `cache` when it holds it, else parsed (and remembered there).
    static func decoded(_ file: SourceFile, limits: YAMLLimits, cache: ManifestCache?) -> FileDeclarations {
        if let cached = cache?.lookup(file, limits: limits) { return cached }
        if file.isDeferred {
            // The cache said it held the file but its entry did not decode; the caller reads every file again.
            cache?.unreadable = true
            let message = "the manifest cache's entry for this file does not decode: run again with --no-cache"
            return FileDeclarations(
                declarations: Declarations(),
                diagnostics: [Diagnostic(file: file.path, line: 1, column: 1, message: message)])
        }
        let decoded = decode(file, limits: limits)
        cache?.remember(file, limits: limits, decoded)
        return decoded
    }

    /// What one file declares on its own, before cross-file checks.
    static func decode(_ file: SourceFile, limits: YAMLLimits) -> FileDeclarations {
        var declarations = Declarations()
        var reader = FieldReader(file: file.path)
        do {
            for document in try YAML.parse(file.bytes, limits: limits) where !document.isEmpty {
                reader.decodeDocument(document, into: &declarations)
            }
        } catch {
            reader.error(error.mark ?? Mark(line: 1, column: 1), error.message)
        }
        return FileDeclarations(declarations: declarations, diagnostics: reader.diagnostics)
    }
}

/// Decoded files by path and content, shared between loads of related revisions.
///
/// Files read from git (with a blob id) are keyed by path and blob id, and may be restored from and saved to a
/// `ManifestStore` (see `ManifestCache+Persistence.swift`).
package final class ManifestCache {
    var entries: [SourceFile: FileDeclarations] = [:]
    /// Files restored from an earlier run, by path and blob id: where each one's encoded decode lies in `payload`.
    /// An entry is decoded when a load asks for it (`lookup`), so a diff by changes decodes only the few it needs.
    var restored: [Key: Range<Int>] = [:]
    var payload: [UInt8] = []
    /// Set when a restored entry did not decode: the run must read every file again (see `ManifestLoader.decoded`).
    package internal(set) var unreadable = false
    /// Decoded files of git revisions that loads of this run used, by path and blob id.
    var used: [Key: FileDeclarations] = [:]
    /// The revisions this run read by their changes (`carry(_:)`): a rewrite keeps their files, decoded or not.
    var carried: [[SourceFile]] = []
    /// How many distinct files `carried` holds.
    var carriedCount = 0
    /// Whether loads record a `RevisionSummary` of each revision that validates (`gitspaces diff` does).
    package var recordsRevisions = false
    /// Summaries decoded or made by this run, most recent first.
    var summaries: [RevisionSummary] = []
    var summariesChanged = false
    /// Summaries restored from an earlier run, still encoded, by content key, and their keys most recent first.
    var restoredSummaries: [String: ArraySlice<UInt8>] = [:]
    var restoredSummaryOrder: [String] = []

    package init() {}
}

struct FileDeclarations {
    var declarations: Declarations
    var diagnostics: [Diagnostic]
}

/// Hardware as written, each value with its mark for later policy checks.
struct HardwareDeclaration {
    var cpus: (CPUs, Mark)?
    var memory: (ByteSize, Mark)?
    var disk: (ByteSize, Mark)?
    var gpus: (Int, Mark)?
    var mark: Mark
}

struct GitspaceDeclaration {
    enum HardwareReference {
        case profile(String, Mark)
        case inline(HardwareDeclaration)
        case none
    }

    var gitspace: Gitspace
    var hardware: HardwareReference
    var repoMark: Mark
    var specMark: Mark
    var file: String
}

struct ProfileDeclaration {
    var profile: HardwareProfile
    var hardware: HardwareDeclaration
    var file: String
}

struct PolicyDeclaration {
    var policy: Policy
    var nameMark: Mark
    var file: String
}

/// What the documents declared, before cross-document checks.
struct Declarations {
    var gitspaces: [GitspaceDeclaration] = []
    var profiles: [ProfileDeclaration] = []
    var policies: [PolicyDeclaration] = []

    mutating func append(_ other: Declarations) {
        gitspaces += other.gitspaces
        profiles += other.profiles
        policies += other.policies
    }
}
