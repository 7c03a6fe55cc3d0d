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
        for file in files.sorted(by: { $0.path < $1.path }) {
            let decoded: FileDeclarations
            if let cached = cache?.lookup(file, limits: limits) {
                decoded = cached
            } else {
                precondition(!file.isDeferred, "\(file.path): content not read and not in the manifest cache")
                decoded = decode(file, limits: limits)
                cache?.remember(file, limits: limits, decoded)
            }
            declarations.append(decoded.declarations)
            diagnostics += decoded.diagnostics
        }
        let state = declarations.resolve(diagnostics: &diagnostics)
        guard diagnostics.isEmpty else { throw ManifestError(diagnostics) }
        return state
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
    /// Decoded files restored from an earlier run, by path and blob id.
    var restored: [Key: FileDeclarations] = [:]
    /// Decoded files of git revisions that loads of this run used, by path and blob id.
    var used: [Key: FileDeclarations] = [:]

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
