/// One `"key": value` entry of an object.
public struct JSONMember: Sendable, Hashable {
    public var key: String
    public var keyMark: JSONMark
    public var value: JSONValue

    public init(key: String, keyMark: JSONMark, value: JSONValue) {
        self.key = key
        self.keyMark = keyMark
        self.value = value
    }
}
