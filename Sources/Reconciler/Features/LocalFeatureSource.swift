/// A local feature's folder at the source commit: its files as blob ids, read like a build context.
package struct LocalFeatureSource: Sendable, Hashable {
    /// The folder, relative to the repository root.
    package var folder: String
    /// The folder's files (paths relative to `folder`) and their blob ids.
    package var files: [String: String]
    /// The bytes of `devcontainer-feature.json`.
    package var metadata: [UInt8]

    package init(folder: String, files: [String: String], metadata: [UInt8]) {
        self.folder = folder
        self.files = files
        self.metadata = metadata
    }

    /// A digest of the folder's tree (paths and blob ids), as `sha256:…`.
    package var digest: String {
        var text = "gitspaces.local-feature/v1\n"
        for path in files.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            text += "\(path.utf8.count):\(path)=\(files[path] ?? "")\n"
        }
        return ContentDigest.of(Array(text.utf8))
    }
}
