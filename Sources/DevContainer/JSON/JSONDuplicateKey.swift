/// A key repeated in one object: where it was first written and where the winning one is.
package struct JSONDuplicateKey: Sendable, Hashable {
    package var key: String
    /// The path of the object holding the key (`""` for the root, `build.args`, `mounts[1]`).
    package var objectPath: String
    /// The occurrence that was overridden.
    package var overridden: JSONMark
    /// The occurrence that wins.
    package var winner: JSONMark

    package init(key: String, objectPath: String, overridden: JSONMark, winner: JSONMark) {
        self.key = key
        self.objectPath = objectPath
        self.overridden = overridden
        self.winner = winner
    }

    /// The full path of the repeated property.
    package var path: String { JSONPath.member(key, of: objectPath) }
}
