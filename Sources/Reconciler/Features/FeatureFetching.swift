package import DevContainer

/// Fetches a non-local feature (OCI registry or tarball) into the features cache. `lockedDigest` is the
/// digest devcontainer-lock.json pins, if any: a different digest is an error.
package protocol FeatureFetching: Sendable {
    func fetch(_ reference: FeatureReference, lockedDigest: String?) async throws -> FetchedFeature
}
