import GitspacesCore

extension FuzzTarget {
    static let manifestPath = "manifests/fuzz.yaml"

    /// Loads `bytes` as the only manifest file; every diagnostic must name the file and a 1-based position.
    static func manifest(_ bytes: [UInt8]) {
        do {
            _ = try ManifestLoader.load([SourceFile(path: manifestPath, bytes: bytes)])
        } catch {
            for diagnostic in error.diagnostics {
                precondition(
                    diagnostic.line >= 1 && diagnostic.column >= 1,
                    "a manifest diagnostic without a position: \(diagnostic)")
                _ = diagnostic.description
            }
        }
    }
}
