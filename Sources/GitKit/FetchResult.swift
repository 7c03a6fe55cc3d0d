/// What a mirror fetch brought in.
public struct FetchResult: Sendable, Hashable {
    /// Objects downloaded (0 when the mirror was already up to date).
    public var receivedObjects: Int
    /// Bytes of pack data downloaded.
    public var receivedBytes: Int
    /// The remote's default branch (the target of its `HEAD`) when the remote told or it could be guessed.
    public var defaultBranch: String?

    /// Creates a fetch result.
    public init(receivedObjects: Int, receivedBytes: Int, defaultBranch: String?) {
        self.receivedObjects = receivedObjects
        self.receivedBytes = receivedBytes
        self.defaultBranch = defaultBranch
    }
}
