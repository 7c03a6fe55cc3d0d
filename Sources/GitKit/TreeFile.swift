/// A file (blob) in a commit's tree.
public struct TreeFile: Sendable, Hashable {
    /// The path relative to the repository root, `/`-separated, without a leading `/`.
    public var path: String
    /// The id of the file's content; read it with `Repository.blob(_:)`.
    public var blob: ObjectID

    /// Creates a tree file.
    public init(path: String, blob: ObjectID) {
        self.path = path
        self.blob = blob
    }
}
