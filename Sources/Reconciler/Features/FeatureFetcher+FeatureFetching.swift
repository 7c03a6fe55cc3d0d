package import DevContainer

extension FeatureFetcher: FeatureFetching {
    /// Fetches a registry or tarball reference; a local one is read from the source repository instead.
    package func fetch(_ reference: FeatureReference, lockedDigest: String?) async throws -> FetchedFeature {
        switch reference.kind {
        case .oci(let registry, let namespace, let name, let version):
            let tagOrDigest: String
            switch version {
            case .tag(let tag): tagOrDigest = tag
            case .digest(let digest): tagOrDigest = digest
            }
            return try await fetchOCI(
                registry: registry, repository: namespace + "/" + name, reference: tagOrDigest,
                lockedDigest: lockedDigest)
        case .tarball(let url):
            return try await fetchTarball(url: url, lockedDigest: lockedDigest)
        case .local(let path):
            throw FeatureFetchError(
                .invalidReference, message: "a local feature is read from the source repository, not fetched",
                reference: "./" + path)
        }
    }
}
