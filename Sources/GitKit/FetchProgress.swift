/// How far a fetch has come, as libgit2 reports it while a pack is received and indexed.
package struct FetchProgress: Sendable, Hashable {
    /// Objects downloaded so far.
    package var receivedObjects: Int
    /// Objects the pack holds, once known.
    package var totalObjects: Int
    /// Objects hashed and indexed so far.
    package var indexedObjects: Int
    /// Bytes of pack data received so far.
    package var receivedBytes: Int

    /// Creates a progress report.
    package init(receivedObjects: Int, totalObjects: Int, indexedObjects: Int, receivedBytes: Int) {
        self.receivedObjects = receivedObjects
        self.totalObjects = totalObjects
        self.indexedObjects = indexedObjects
        self.receivedBytes = receivedBytes
    }
}
