/// What a mirror fetch brought in.
package struct FetchResult: Sendable, Hashable {
    /// Objects downloaded (0 when the mirror was already up to date).
    package var receivedObjects: Int
    /// Bytes of pack data downloaded.
    package var receivedBytes: Int
    /// The remote's default branch (the target of its `HEAD`) when the remote told or it could be guessed.
    package var defaultBranch: String?

    /// Creates a fetch result.
    package init(receivedObjects: Int, receivedBytes: Int, defaultBranch: String?) {
        self.receivedObjects = receivedObjects
        self.receivedBytes = receivedBytes
        self.defaultBranch = defaultBranch
    }
}
