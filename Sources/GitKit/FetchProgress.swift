/// How far a fetch has come, as libgit2 reports it while a pack is received and indexed.
public struct FetchProgress: Sendable, Hashable {
    /// Objects downloaded so far.
    public var receivedObjects: Int
    /// Objects the pack holds, once known.
    public var totalObjects: Int
    /// Objects hashed and indexed so far.
    public var indexedObjects: Int
    /// Bytes of pack data received so far.
    public var receivedBytes: Int

    /// Creates a progress report.
    public init(receivedObjects: Int, totalObjects: Int, indexedObjects: Int, receivedBytes: Int) {
        self.receivedObjects = receivedObjects
        self.totalObjects = totalObjects
        self.indexedObjects = indexedObjects
        self.receivedBytes = receivedBytes
    }
}
