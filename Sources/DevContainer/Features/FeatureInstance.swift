/// A feature to install: the entry that asked for it and its `devcontainer-feature.json`.
package struct FeatureInstance: Sendable, Hashable {
    package var request: FeatureRequest
    package var metadata: FeatureMetadata
    /// True when devcontainer.json lists it; false when it is installed because another feature depends on it.
    package var isUserProvided: Bool

    package init(request: FeatureRequest, metadata: FeatureMetadata, isUserProvided: Bool) {
        self.request = request
        self.metadata = metadata
        self.isUserProvided = isUserProvided
    }

    package var reference: FeatureReference { request.reference }
}
