/// A key repeated in one object: where it was first written and where the winning one is.
public struct JSONDuplicateKey: Sendable, Hashable {
    public var key: String
    /// The path of the object holding the key (`""` for the root, `build.args`, `mounts[1]`).
    public var objectPath: String
    /// The occurrence that was overridden.
    public var overridden: JSONMark
    /// The occurrence that wins.
    public var winner: JSONMark

    public init(key: String, objectPath: String, overridden: JSONMark, winner: JSONMark) {
        self.key = key
        self.objectPath = objectPath
        self.overridden = overridden
        self.winner = winner
    }

    /// The full path of the repeated property.
    public var path: String { JSONPath.member(key, of: objectPath) }
}
