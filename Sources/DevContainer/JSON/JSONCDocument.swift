/// A parsed JSONC text: the root value and the keys that were written more than once.
package struct JSONCDocument: Sendable, Hashable {
    package var root: JSONValue
    /// Every repeated key; the last occurrence wins, as in VS Code.
    package var duplicateKeys: [JSONDuplicateKey]

    package init(root: JSONValue, duplicateKeys: [JSONDuplicateKey] = []) {
        self.root = root
        self.duplicateKeys = duplicateKeys
    }
}
