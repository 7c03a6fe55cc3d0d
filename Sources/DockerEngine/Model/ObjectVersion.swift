/// A swarm object's `Version`: updates name the index they were made against, and the manager refuses a stale one.
package struct ObjectVersion: Sendable, Hashable, Decodable {
    package var index: UInt64

    package init(index: UInt64) {
        self.index = index
    }

    enum CodingKeys: String, CodingKey {
        case index = "Index"
    }
}
