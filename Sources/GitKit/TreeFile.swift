/// A file (blob) in a commit's tree.
package struct TreeFile: Sendable, Hashable {
    /// The path relative to the repository root, `/`-separated, without a leading `/`.
    package var path: String
    /// The id of the file's content; read it with `Repository.blob(_:)`.
    package var blob: ObjectID

    /// Creates a tree file.
    package init(path: String, blob: ObjectID) {
        self.path = path
        self.blob = blob
    }
}
