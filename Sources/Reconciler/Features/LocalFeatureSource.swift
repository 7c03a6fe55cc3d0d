/// A local feature's folder at the source commit: its files as blob ids, read like a build context.
public struct LocalFeatureSource: Sendable, Hashable {
    /// The folder, relative to the repository root.
    public var folder: String
    /// The folder's files (paths relative to `folder`) and their blob ids.
    public var files: [String: String]
    /// The bytes of `devcontainer-feature.json`.
    public var metadata: [UInt8]

    public init(folder: String, files: [String: String], metadata: [UInt8]) {
        self.folder = folder
        self.files = files
        self.metadata = metadata
    }

    /// A digest of the folder's tree (paths and blob ids), as `sha256:…`.
    public var digest: String {
        var text = "gitspaces.local-feature/v1\n"
        for path in files.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            text += "\(path.utf8.count):\(path)=\(files[path] ?? "")\n"
        }
        return ContentDigest.of(Array(text.utf8))
    }
}
