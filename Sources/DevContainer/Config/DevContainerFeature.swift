package import Shared

/// A `features` entry: the feature id and its options as written.
package struct DevContainerFeature: Sendable, Hashable {
    package var id: String
    package var options: JSONTree

    package init(id: String, options: JSONTree) {
        self.id = id
        self.options = options
    }
}
