/// A `features` entry: the feature id and its options as written.
public struct DevContainerFeature: Sendable, Hashable {
    public var id: String
    public var options: CanonicalJSON

    public init(id: String, options: CanonicalJSON) {
        self.id = id
        self.options = options
    }
}
