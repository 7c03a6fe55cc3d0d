package import Shared

/// A `features` entry: the feature id and its options as written.
public struct DevContainerFeature: Sendable, Hashable {
    public var id: String
    package var options: JSONTree

    package init(id: String, options: JSONTree) {
        self.id = id
        self.options = options
    }
}
