import Foundation
import GitspacesTestSupport
import Reconciler
import Testing

/// Features fetched from Debian's `docker-registry` on loopback, published the way `devcontainer features publish`
/// does, and from a tarball URL on a loopback HTTP server.
struct FeatureFetcherRegistryTests {
    func read(_ path: String) -> String? {
        try? String(contentsOfFile: path, encoding: .utf8)
    }

    func expectFeatureFiles(in folder: String, id: String = "hello") {
        #expect(read(folder + "/devcontainer-feature.json")?.contains(#""id": "\#(id)""#) == true)
        #expect(read(folder + "/install.sh")?.contains("\(id)-installed") == true)
        #expect(FileManager.default.isExecutableFile(atPath: folder + "/install.sh"))
    }

    @Test(arguments: [false, true])
    func aFeatureIsFetchedByTagWithAPlainOrGzipLayer(gzip: Bool) async throws {
        let registry = try DockerRegistry()
        defer { registry.stop() }
        let cache = try TemporaryDirectory()
        defer { cache.remove() }
        let feature = try TestFeature(id: "hello", gzip: gzip)
        let digest = try await feature.publish(to: registry.address, repository: "features/hello", tag: "1")

        let fetched = try await FeatureFetcher(cacheDirectory: cache.path).fetchOCI(
            registry: registry.address, repository: "features/hello", reference: "1", lockedDigest: nil)

        #expect(fetched.digest == digest)
        #expect(fetched.resolved == "\(registry.address)/features/hello@\(digest)")
        #expect(fetched.folder.hasPrefix(cache.path + "/"))
        expectFeatureFiles(in: fetched.folder)
    }

    @Test func aFeatureIsFetchedByDigest() async throws {
        let registry = try DockerRegistry()
        defer { registry.stop() }
        let cache = try TemporaryDirectory()
        defer { cache.remove() }
        let first = try TestFeature(id: "hello", version: "1.0.0", gzip: true)
        let second = try TestFeature(id: "hello", version: "2.0.0", gzip: true)
        let firstDigest = try await first.publish(to: registry.address, repository: "features/hello", tag: "1")
        _ = try await second.publish(to: registry.address, repository: "features/hello", tag: "1")

        let fetched = try await FeatureFetcher(cacheDirectory: cache.path).fetchOCI(
            registry: registry.address, repository: "features/hello", reference: firstDigest, lockedDigest: nil)

        #expect(fetched.digest == firstDigest)
        #expect(read(fetched.folder + "/devcontainer-feature.json")?.contains("1.0.0") == true)
    }

    @Test func aLockedDigestIsFetchedEvenAfterTheTagMoved() async throws {
        let registry = try DockerRegistry()
        defer { registry.stop() }
        let cache = try TemporaryDirectory()
        defer { cache.remove() }
        let locked = try await TestFeature(version: "1.0.0").publish(
            to: registry.address, repository: "features/hello", tag: "1")
        let moved = try await TestFeature(version: "1.1.0").publish(
            to: registry.address, repository: "features/hello", tag: "1")
        #expect(locked != moved)

        let fetched = try await FeatureFetcher(cacheDirectory: cache.path).fetchOCI(
            registry: registry.address, repository: "features/hello", reference: "1", lockedDigest: locked)

        #expect(fetched.digest == locked)
        #expect(read(fetched.folder + "/devcontainer-feature.json")?.contains("1.0.0") == true)
    }

    /// Overwrites the stored blob `digest` in the registry's storage, as a compromised or broken registry would.
    func tamper(_ registry: DockerRegistry, blob digest: String) throws {
        let hex = String(digest.dropFirst("sha256:".count))
        let path = "\(registry.storagePath)/docker/registry/v2/blobs/sha256/\(hex.prefix(2))/\(hex)/data"
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes += Array("  ".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    @Test func aManifestThatDoesNotHashToTheAskedDigestIsRefused() async throws {
        let registry = try DockerRegistry()
        defer { registry.stop() }
        let cache = try TemporaryDirectory()
        defer { cache.remove() }
        let digest = try await TestFeature().publish(to: registry.address, repository: "features/hello", tag: "1")
        try tamper(registry, blob: digest)

        let error = try await #require(throws: FeatureFetchError.self) {
            try await FeatureFetcher(cacheDirectory: cache.path).fetchOCI(
                registry: registry.address, repository: "features/hello", reference: digest, lockedDigest: nil)
        }
        #expect(error.code == .digestMismatch)
        #expect(error.description.contains(digest))
        #expect(error.description.contains("\(registry.address)/features/hello@\(digest)"))
    }

    @Test func aLockedDigestTheRegistryDoesNotMatchIsAnErrorNamingBothDigests() async throws {
        let registry = try DockerRegistry()
        defer { registry.stop() }
        let cache = try TemporaryDirectory()
        defer { cache.remove() }
        let digest = try await TestFeature().publish(to: registry.address, repository: "features/hello", tag: "1")
        try tamper(registry, blob: digest)
        let fetcher = FeatureFetcher(cacheDirectory: cache.path)

        let tampered = try await #require(throws: FeatureFetchError.self) {
            try await fetcher.fetchOCI(
                registry: registry.address, repository: "features/hello", reference: "1", lockedDigest: digest)
        }
        #expect(tampered.code == .lockedDigestMismatch)
        #expect(tampered.description.contains(digest))
        #expect(tampered.description.contains("\(registry.address)/features/hello:1"))

        let other = "sha256:" + String(repeating: "ab", count: 32)
        let contradicting = try await #require(throws: FeatureFetchError.self) {
            try await fetcher.fetchOCI(
                registry: registry.address, repository: "features/hello", reference: digest, lockedDigest: other)
        }
        #expect(contradicting.code == .lockedDigestMismatch)
        #expect(contradicting.description.contains(digest) && contradicting.description.contains(other))
    }

    @Test func aLayerThatDoesNotHashToItsManifestDigestIsRefused() async throws {
        let registry = try DockerRegistry()
        defer { registry.stop() }
        let cache = try TemporaryDirectory()
        defer { cache.remove() }
        let feature = try TestFeature(gzip: true)
        _ = try await feature.publish(to: registry.address, repository: "features/hello", tag: "1")
        try tamper(registry, blob: feature.layerDigest)

        let error = try await #require(throws: FeatureFetchError.self) {
            try await FeatureFetcher(cacheDirectory: cache.path).fetchOCI(
                registry: registry.address, repository: "features/hello", reference: "1", lockedDigest: nil)
        }
        #expect(error.code == .digestMismatch)
        #expect(error.description.contains(feature.layerDigest))
    }

    @Test func anImageManifestIsNotTakenForAFeature() async throws {
        let registry = try DockerRegistry()
        defer { registry.stop() }
        let cache = try TemporaryDirectory()
        defer { cache.remove() }
        let image = try TestFeature(configMediaType: "application/vnd.oci.image.config.v1+json")
        _ = try await image.publish(to: registry.address, repository: "features/hello", tag: "1")

        let error = try await #require(throws: FeatureFetchError.self) {
            try await FeatureFetcher(cacheDirectory: cache.path).fetchOCI(
                registry: registry.address, repository: "features/hello", reference: "1", lockedDigest: nil)
        }
        #expect(error.code == .invalidManifest)
        #expect(error.description.contains("application/vnd.devcontainers"))
    }

    @Test func aMissingTagIsNotFound() async throws {
        let registry = try DockerRegistry()
        defer { registry.stop() }
        let cache = try TemporaryDirectory()
        defer { cache.remove() }
        _ = try await TestFeature().publish(to: registry.address, repository: "features/hello", tag: "1")

        let error = try await #require(throws: FeatureFetchError.self) {
            try await FeatureFetcher(cacheDirectory: cache.path).fetchOCI(
                registry: registry.address, repository: "features/hello", reference: "2", lockedDigest: nil)
        }
        #expect(error.code == .notFound)
        #expect(error.description.contains("\(registry.address)/features/hello:2"))
    }

    // MARK: - Cache

    @Test func aSecondFetchByTagOrDigestMakesNoRegistryRequest() async throws {
        let registry = try DockerRegistry()
        defer { registry.stop() }
        let cache = try TemporaryDirectory()
        defer { cache.remove() }
        let digest = try await TestFeature(gzip: true).publish(
            to: registry.address, repository: "features/hello", tag: "1")
        let fetcher = FeatureFetcher(cacheDirectory: cache.path)
        let first = try await fetcher.fetchOCI(
            registry: registry.address, repository: "features/hello", reference: "1", lockedDigest: nil)
        registry.stop()

        // Another fetcher on the same cache: a second Gitspace, or the next apply in a new process.
        let again = FeatureFetcher(cacheDirectory: cache.path)
        let byTag = try await again.fetchOCI(
            registry: registry.address, repository: "features/hello", reference: "1", lockedDigest: nil)
        let byDigest = try await again.fetchOCI(
            registry: registry.address, repository: "features/hello", reference: digest, lockedDigest: nil)
        let locked = try await again.fetchOCI(
            registry: registry.address, repository: "features/hello", reference: "1", lockedDigest: digest)

        #expect(byTag == first)
        #expect(byDigest == first)
        #expect(locked == first)
    }

    @Test func concurrentFetchesOfTheSameFeatureShareOneCompleteFolder() async throws {
        let registry = try DockerRegistry()
        defer { registry.stop() }
        let cache = try TemporaryDirectory()
        defer { cache.remove() }
        let digest = try await TestFeature(gzip: true).publish(
            to: registry.address, repository: "features/hello", tag: "1")
        let address = registry.address
        let path = cache.path

        let results = try await withThrowingTaskGroup(of: FetchedFeature.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    try await FeatureFetcher(cacheDirectory: path).fetchOCI(
                        registry: address, repository: "features/hello", reference: digest, lockedDigest: nil)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }

        #expect(Set(results.map(\.folder)).count == 1)
        expectFeatureFiles(in: results[0].folder)
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: path + "/tmp")) ?? []
        #expect(leftovers.isEmpty)
    }

    // MARK: - Tarballs

    @Test func aTarballIsFetchedOverLoopbackHTTPAndLockedByItsDigest() async throws {
        let cache = try TemporaryDirectory()
        defer { cache.remove() }
        let archive = try TestFeature(id: "tarred", gzip: true).layer
        let server = try StubHTTPServer(files: ["/devcontainer-feature-tarred.tgz": archive])
        defer { server.stop() }
        let url = server.url("devcontainer-feature-tarred.tgz")
        let fetcher = FeatureFetcher(cacheDirectory: cache.path)

        let fetched = try await fetcher.fetchTarball(url: url, lockedDigest: nil)

        #expect(fetched.digest == TestFeature.digest(archive))
        #expect(fetched.resolved == url)
        expectFeatureFiles(in: fetched.folder, id: "tarred")

        let other = "sha256:" + String(repeating: "0", count: 64)
        let error = try await #require(throws: FeatureFetchError.self) {
            try await fetcher.fetchTarball(url: url, lockedDigest: other)
        }
        #expect(error.code == .lockedDigestMismatch)
        #expect(error.description.contains(other) && error.description.contains(fetched.digest))
        #expect(error.description.contains(url))

        let before = server.requests.count
        #expect(try await fetcher.fetchTarball(url: url, lockedDigest: fetched.digest) == fetched)
        #expect(try await fetcher.fetchTarball(url: url, lockedDigest: nil) == fetched)
        #expect(server.requests.count == before)
    }

    @Test func plainHTTPIsRefusedForAHostThatIsNeitherLoopbackNorListed() async throws {
        let cache = try TemporaryDirectory()
        defer { cache.remove() }
        let url = "http://features.example.invalid/devcontainer-feature-x.tgz"

        let refused = try await #require(throws: FeatureFetchError.self) {
            try await FeatureFetcher(cacheDirectory: cache.path).fetchTarball(url: url, lockedDigest: nil)
        }
        #expect(refused.code == .insecureTransport)
        #expect(refused.description.contains("--insecure-registry"))

        let listed = FeatureFetcher(cacheDirectory: cache.path, insecureRegistries: ["features.example.invalid"])
        let attempted = try await #require(throws: FeatureFetchError.self) {
            try await listed.fetchTarball(url: url, lockedDigest: nil)
        }
        #expect(attempted.code == .unreachable)
    }
}
