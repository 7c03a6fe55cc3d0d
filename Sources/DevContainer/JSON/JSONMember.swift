/// One `"key": value` entry of an object.
package struct JSONMember: Sendable, Hashable {
    package var key: String
    package var keyMark: JSONMark
    package var value: JSONValue

    package init(key: String, keyMark: JSONMark, value: JSONValue) {
        self.key = key
        self.keyMark = keyMark
        self.value = value
    }
}
