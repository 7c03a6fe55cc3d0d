/// A feature to install: the entry that asked for it and its `devcontainer-feature.json`.
public struct FeatureInstance: Sendable, Hashable {
    public var request: FeatureRequest
    public var metadata: FeatureMetadata
    /// True when devcontainer.json lists it; false when it is installed because another feature depends on it.
    public var isUserProvided: Bool

    public init(request: FeatureRequest, metadata: FeatureMetadata, isUserProvided: Bool) {
        self.request = request
        self.metadata = metadata
        self.isUserProvided = isUserProvided
    }

    public var reference: FeatureReference { request.reference }
}
