/// Bounds that keep hostile input from costing unbounded time, memory or stack.
package struct JSONCLimits: Sendable, Hashable {
    /// Largest input accepted, in bytes.
    package var maxInputBytes: Int
    /// Deepest nesting of arrays and objects.
    package var maxDepth: Int
    /// Longest string value or key, in UTF-8 bytes after unescaping.
    package var maxStringBytes: Int
    /// Most values (scalars, arrays and objects) in one document.
    package var maxValues: Int

    package init(
        maxInputBytes: Int = 4 << 20, maxDepth: Int = 256, maxStringBytes: Int = 1 << 20, maxValues: Int = 500_000
    ) {
        self.maxInputBytes = maxInputBytes
        self.maxDepth = maxDepth
        self.maxStringBytes = maxStringBytes
        self.maxValues = maxValues
    }

    package static let `default` = JSONCLimits()

    /// The bounds for devcontainer.json files and image metadata labels: a real one holds a few
    /// hundred values; the spec notes labels stay well under a megabyte.
    package static let devcontainer = JSONCLimits(
        maxInputBytes: 4 << 20, maxDepth: 256, maxStringBytes: 1 << 20, maxValues: 100_000)
}
