/// A parsed JSONC text: the root value and the keys that were written more than once.
public struct JSONCDocument: Sendable, Hashable {
    public var root: JSONValue
    /// Every repeated key; the last occurrence wins, as in VS Code.
    public var duplicateKeys: [JSONDuplicateKey]

    public init(root: JSONValue, duplicateKeys: [JSONDuplicateKey] = []) {
        self.root = root
        self.duplicateKeys = duplicateKeys
    }
}
