internal import AsyncHTTPClient
package import Foundation
package import Logging
import NIOCore

/// Fetches devcontainer Features from OCI registries and tarball URLs into the content-addressed features cache,
/// verifying every digest and extracting archives so that they cannot write outside their folder.
///
/// ```swift
/// let fetcher = FeatureFetcher(cacheDirectory: stateDirectory + "/features")
/// let node = try await fetcher.fetchOCI(
///     registry: "ghcr.io", repository: "devcontainers/features/node", reference: "1", lockedDigest: nil)
/// // node.folder holds devcontainer-feature.json and install.sh; node.digest is the manifest's digest.
/// ```
///
/// A feature asked for by digest (in the reference or in `devcontainer-lock.json`) that is in the cache is returned
/// without any network request; so is a tag or URL resolved less than `tagRefreshInterval` ago. Fetching is safe
/// from several tasks and processes at once: the cache is only ever changed by atomic renames.
package struct FeatureFetcher: Sendable {
    /// How long a tag's (or tarball URL's) resolution to a digest is trusted without asking again: one day.
    ///
    /// A tag such as `:1` moves when its publisher releases, so it is re-resolved now and then, but not on every
    /// apply: the daemon applies often, most registries rate-limit anonymous pulls, and an apply should not fail
    /// or change its image merely because a registry is briefly unreachable. A day picks up releases the same day;
    /// pin a digest or commit `devcontainer-lock.json` for builds that never move.
    package static let defaultTagRefreshInterval: Duration = .seconds(24 * 60 * 60)

    /// The cache folder (the state directory's `features/`).
    package let cacheDirectory: String
    private let cache: FeatureCache
    private let policy: TransportPolicy
    private let credentials: RegistryCredentialStore
    private let tagRefreshInterval: Duration
    private let now: @Sendable () -> Date
    private let logger: Logger

    static let maximumManifestSize = 4 << 20
    static let maximumArchiveSize = 256 << 20
    static let maximumExtractedSize = 1 << 30

    /// Creates a fetcher.
    ///
    /// - Parameters:
    ///   - cacheDirectory: the features cache, created when missing (the state directory's `features/`).
    ///   - credentialsDirectory: `--credentials-dir`; `registry-<host>` in it holds `user:password` or a token.
    ///   - dockerConfigDirectory: the folder of Docker's `config.json`; nil for `$DOCKER_CONFIG` or `~/.docker`.
    ///   - insecureRegistries: hosts (`host` or `host:port`) reached over plain HTTP, besides loopback ones.
    ///   - tagRefreshInterval: how long a tag or URL resolution is trusted without a network request.
    ///   - now: the clock the refresh interval is measured with.
    package init(
        cacheDirectory: String, credentialsDirectory: String? = nil, dockerConfigDirectory: String? = nil,
        insecureRegistries: [String] = [], tagRefreshInterval: Duration = FeatureFetcher.defaultTagRefreshInterval,
        now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "gitspaces.features")
    ) {
        self.cacheDirectory = cacheDirectory
        cache = FeatureCache(root: cacheDirectory)
        policy = TransportPolicy(insecureRegistries: insecureRegistries)
        credentials = RegistryCredentialStore(
            credentialsDirectory: credentialsDirectory,
            dockerConfigDirectory: dockerConfigDirectory
                ?? RegistryCredentialStore.defaultDockerConfigDirectory(
                    environment: ProcessInfo.processInfo.environment))
        self.tagRefreshInterval = tagRefreshInterval
        self.now = now
        self.logger = logger
    }

    /// Fetches a feature from an OCI registry.
    ///
    /// - Parameters:
    ///   - registry: `host` or `host:port` (`ghcr.io`, `127.0.0.1:5000`).
    ///   - repository: the namespace and id (`devcontainers/features/node`).
    ///   - reference: a tag (`1`, `latest`) or a digest (`sha256:…`).
    ///   - lockedDigest: the manifest digest from `devcontainer-lock.json`; the feature is then fetched by it.
    /// - Returns: the extracted folder, the manifest digest, and `REGISTRY/REPOSITORY@sha256:…`.
    /// - Throws: `FeatureFetchError`.
    package func fetchOCI(registry: String, repository: String, reference: String, lockedDigest: String?)
        async throws -> FetchedFeature
    {
        let isDigest = reference.hasPrefix(ContentDigest.prefix)
        let display = "\(registry)/\(repository)\(isDigest ? "@" : ":")\(reference)"
        try Self.validate(registry: registry, repository: repository, reference: reference, display: display)
        if let lockedDigest, !ContentDigest.isValid(lockedDigest) {
            throw FeatureFetchError(
                .invalidReference, message: "the locked digest \(lockedDigest) is not sha256:<64 hex digits>",
                reference: display)
        }
        if isDigest, let lockedDigest, lockedDigest != reference {
            throw FeatureFetchError(
                .lockedDigestMismatch,
                message: "devcontainer-lock.json locks \(lockedDigest), but the reference asks for \(reference): "
                    + "update the lock with `gitspaces devcontainer lock`",
                reference: display)
        }
        let wanted = isDigest ? reference : lockedDigest
        let resolutionKey = "oci:\(registry)/\(repository):\(reference)"
        func found(_ digest: String, in folder: String) -> FetchedFeature {
            FetchedFeature(folder: folder, digest: digest, resolved: "\(registry)/\(repository)@\(digest)")
        }
        if let wanted, let folder = cache.folder(for: wanted) {
            return found(wanted, in: folder)
        }
        let previous = wanted == nil ? cache.resolution(of: resolutionKey) : nil
        if let previous, let folder = cache.folder(for: previous.digest), isFresh(previous) {
            return found(previous.digest, in: folder)
        }
        do {
            let (digest, folder) = try await download(
                registry: registry, repository: repository, reference: wanted ?? reference, expected: wanted,
                locked: lockedDigest != nil && !isDigest, display: display)
            if wanted == nil {
                try? cache.storeResolution(of: resolutionKey, digest: digest, at: now())
            }
            return found(digest, in: folder)
        } catch let error as FeatureFetchError where error.code == .unreachable {
            guard let previous, let folder = cache.folder(for: previous.digest) else { throw error }
            logger.info(
                "registry unreachable, using the cached resolution of the tag",
                metadata: [
                    "gitspaces.feature": "\(display)", "gitspaces.digest": "\(previous.digest)",
                    "gitspaces.resolvedAt": "\(previous.resolvedAt)",
                ])
            return found(previous.digest, in: folder)
        }
    }

    /// Fetches a feature published as a tarball (`devcontainer-feature-ID.tgz`).
    ///
    /// - Parameters:
    ///   - url: an `https://` URL (`http://` only for loopback and insecure-listed hosts).
    ///   - lockedDigest: the archive's digest from `devcontainer-lock.json`; a different archive is an error.
    /// - Returns: the extracted folder, the archive's digest, and the URL.
    /// - Throws: `FeatureFetchError`.
    package func fetchTarball(url: String, lockedDigest: String?) async throws -> FetchedFeature {
        if let lockedDigest, !ContentDigest.isValid(lockedDigest) {
            throw FeatureFetchError(
                .invalidReference, message: "the locked digest \(lockedDigest) is not sha256:<64 hex digits>",
                reference: url)
        }
        if let lockedDigest, let folder = cache.folder(for: lockedDigest) {
            return FetchedFeature(folder: folder, digest: lockedDigest, resolved: url)
        }
        let resolutionKey = "url:\(url)"
        let previous = lockedDigest == nil ? cache.resolution(of: resolutionKey) : nil
        if let previous, let folder = cache.folder(for: previous.digest), isFresh(previous) {
            return FetchedFeature(folder: folder, digest: previous.digest, resolved: url)
        }
        let archive: [UInt8]
        do {
            archive = try await withClient { client in
                var session = FeatureHTTPSession(
                    client: client, policy: policy, credential: nil, registryAuthority: nil, registryName: nil,
                    reference: url,
                    logger: logger)
                let response = try await session.get(
                    url, accept: [], limit: Self.maximumArchiveSize, what: "the archive")
                try Self.expectOK(response, what: "the archive", reference: url)
                return response.body
            }
        } catch let error as FeatureFetchError where error.code == .unreachable {
            guard let previous, let folder = cache.folder(for: previous.digest) else { throw error }
            logger.info(
                "feature URL unreachable, using the cached archive",
                metadata: ["gitspaces.feature": "\(url)", "gitspaces.digest": "\(previous.digest)"])
            return FetchedFeature(folder: folder, digest: previous.digest, resolved: url)
        }
        let digest = ContentDigest.of(archive)
        if let lockedDigest, digest != lockedDigest {
            throw FeatureFetchError(
                .lockedDigestMismatch,
                message: "devcontainer-lock.json locks \(lockedDigest), but the archive is \(digest): the file "
                    + "changed since it was locked; check it, then update the lock with `gitspaces devcontainer lock`",
                reference: url)
        }
        try cached(url) { try cache.storeBlob(archive, digest: digest) }
        let folder = try extract(archive, digest: digest, reference: url)
        if lockedDigest == nil {
            try? cache.storeResolution(of: resolutionKey, digest: digest, at: now())
        }
        return FetchedFeature(folder: folder, digest: digest, resolved: url)
    }

    // MARK: - Registry

    /// Fetches the manifest (by tag or digest) and its layer, verifies both, and extracts the layer.
    private func download(
        registry: String, repository: String, reference: String, expected: String?, locked: Bool, display: String
    ) async throws -> (digest: String, folder: String) {
        let scheme = policy.scheme(forRegistry: registry)
        // Docker Hub's references say docker.io; its registry API answers at registry-1.docker.io.
        let host = registry == "docker.io" ? "registry-1.docker.io" : registry
        let base = "\(scheme)://\(host)/v2/\(repository)"
        return try await withClient { client in
            var session = FeatureHTTPSession(
                client: client, policy: policy, credential: credentials.credential(for: registry),
                registryAuthority: FeatureHTTPSession.authority(ofRegistry: host, scheme: scheme),
                registryName: registry,
                reference: display, logger: logger)
            let response = try await session.get(
                "\(base)/manifests/\(reference)", accept: [FeatureManifest.acceptedMediaType],
                limit: Self.maximumManifestSize, what: "the manifest")
            try Self.expectOK(response, what: "the manifest", reference: display)
            let digest = ContentDigest.of(response.body)
            if let expected, digest != expected {
                throw FeatureFetchError(
                    locked ? .lockedDigestMismatch : .digestMismatch,
                    message: locked
                        ? "devcontainer-lock.json locks \(expected), but the registry's manifest is \(digest)"
                        : "asked for \(expected), but the registry's manifest is \(digest)",
                    reference: display)
            }
            let manifest = try FeatureManifest(bytes: response.body, reference: display)
            if let folder = cache.folder(for: digest) { return (digest, folder) }
            let layer: [UInt8]
            if let blob = cache.blob(manifest.layerDigest) {
                layer = blob
            } else {
                let what = "the layer \(manifest.layerDigest)"
                let blobResponse = try await session.get(
                    "\(base)/blobs/\(manifest.layerDigest)", accept: [], limit: Self.maximumArchiveSize, what: what)
                try Self.expectOK(blobResponse, what: what, reference: display)
                layer = blobResponse.body
                let layerDigest = ContentDigest.of(layer)
                guard layerDigest == manifest.layerDigest else {
                    throw FeatureFetchError(
                        .digestMismatch,
                        message: "the manifest names the layer \(manifest.layerDigest), but the registry sent "
                            + "\(layerDigest)",
                        reference: display)
                }
                if manifest.layerSize >= 0, manifest.layerSize != layer.count {
                    throw FeatureFetchError(
                        .digestMismatch,
                        message:
                            "the manifest says the layer has \(manifest.layerSize) bytes, but it has \(layer.count)",
                        reference: display)
                }
                try cached(display) { try cache.storeBlob(layer, digest: manifest.layerDigest) }
            }
            try cached(display) { try cache.storeBlob(response.body, digest: digest) }
            return (digest, try extract(layer, digest: digest, reference: display))
        }
    }

    // MARK: - Helpers

    private func isFresh(_ resolution: FeatureCache.Resolution) -> Bool {
        let age = now().timeIntervalSince(resolution.resolvedAt)
        let limit =
            Double(tagRefreshInterval.components.seconds)
            + Double(tagRefreshInterval.components.attoseconds) / 1e18
        return age >= 0 && age < limit
    }

    /// Unpacks a plain or gzip tar into the cache folder for `digest`.
    private func extract(_ archive: [UInt8], digest: String, reference: String) throws -> String {
        do {
            return try cache.publishFolder(digest: digest) { folder in
                let tar =
                    try Gunzip.isGzip(archive) ? Gunzip.decompress(archive, limit: Self.maximumExtractedSize) : archive
                try SafeTarExtractor.extract(tar, into: folder)
                guard FileManager.default.fileExists(atPath: folder + "/devcontainer-feature.json") else {
                    throw ArchiveError.invalid("the archive has no devcontainer-feature.json at its top")
                }
            }
        } catch let error as ArchiveError {
            switch error {
            case .invalid(let message):
                throw FeatureFetchError(.invalidArchive, message: message, reference: reference)
            case .unsafe(let message):
                throw FeatureFetchError(
                    .unsafeArchive, message: "refused to extract the archive: \(message)", reference: reference)
            }
        } catch {
            throw FeatureFetchError(
                .cache, message: "cannot write the features cache \(cacheDirectory): \(error)", reference: reference,
                cause: error)
        }
    }

    private func cached(_ reference: String, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch {
            throw FeatureFetchError(
                .cache, message: "cannot write the features cache \(cacheDirectory): \(error)", reference: reference,
                cause: error)
        }
    }

    private static func expectOK(_ response: FeatureHTTPSession.Response, what: String, reference: String) throws {
        switch response.status {
        case 200: return
        case 404:
            throw FeatureFetchError(
                .notFound, message: "\(what) is not there (HTTP 404): check the name and the tag", reference: reference)
        case 401, 403:
            throw FeatureFetchError(
                .unauthorized, message: "access to \(what) was refused (HTTP \(response.status))", reference: reference)
        default:
            throw FeatureFetchError(
                .protocolError, message: "fetching \(what) answered HTTP \(response.status)", reference: reference)
        }
    }

    /// A client for one fetch: redirects are followed by the session, which keeps credentials on their host.
    private func withClient<T>(_ body: (HTTPClient) async throws -> T) async throws -> T {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        // The client retries a refused connection until this runs out: a registry that is down costs an apply
        // this long before the cached resolution (or the error) is used.
        configuration.timeout.connect = .seconds(10)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let result = try await body(client)
            try? await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    private static func validate(registry: String, repository: String, reference: String, display: String) throws {
        func invalid(_ message: String) -> FeatureFetchError {
            FeatureFetchError(.invalidReference, message: message, reference: display)
        }
        let hostCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]")
        guard !registry.isEmpty, registry.allSatisfy(hostCharacters.contains) else {
            throw invalid("the registry \(registry) is not a host name with an optional port")
        }
        let nameCharacters = Set("abcdefghijklmnopqrstuvwxyz0123456789._-")
        let components = repository.split(separator: "/", omittingEmptySubsequences: false)
        guard !repository.isEmpty,
            components.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && $0.allSatisfy(nameCharacters.contains) })
        else {
            throw invalid("the repository \(repository) is not a lower-case OCI repository name")
        }
        if reference.hasPrefix(ContentDigest.prefix) {
            guard ContentDigest.isValid(reference) else {
                throw invalid("the digest \(reference) is not sha256:<64 lower-case hex digits>")
            }
            return
        }
        let tagCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        guard !reference.isEmpty, reference.count <= 128, reference.first != ".", reference.first != "-",
            reference.allSatisfy(tagCharacters.contains)
        else {
            throw invalid("the tag \(reference) is not a valid OCI tag")
        }
    }
}
