import Foundation
import GitspacesTestSupport
import Reconciler
import Testing

/// Registry authentication for features: anonymous first, then the `WWW-Authenticate` challenge answered with
/// credentials from the credentials directory or Docker's `config.json`, never showing a secret.
struct FeatureFetcherAuthTests {
    let repository = "features/private"

    func writeCredential(_ text: String, for stub: FeatureRegistryStub, in directory: TemporaryDirectory) throws
        -> String
    {
        let path = directory.appending("registry-\(stub.address)")
        try Data((text + "\n").utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func aBearerTokenIsFetchedWithTheCredentialsDirectoryAndReusedForTheLayer() async throws {
        let feature = try TestFeature(id: "private", gzip: true)
        let stub = try FeatureRegistryStub(
            feature: feature, repository: repository, tag: "1",
            authentication: .bearer(username: "alice", password: "s3cret-password"))
        defer { stub.stop() }
        let cache = try TemporaryDirectory()
        let credentials = try TemporaryDirectory()
        defer {
            cache.remove()
            credentials.remove()
        }
        _ = try writeCredential("alice:s3cret-password", for: stub, in: credentials)

        let fetched = try await FeatureFetcher(
            cacheDirectory: cache.path, credentialsDirectory: credentials.path,
            dockerConfigDirectory: credentials.appending("no-docker")
        ).fetchOCI(registry: stub.address, repository: repository, reference: "1", lockedDigest: nil)

        #expect(fetched.digest == feature.manifestDigest)
        #expect(FileManager.default.fileExists(atPath: fetched.folder + "/install.sh"))
        let requests = stub.requests
        let first = try #require(requests.first)
        #expect(!first.lowercased().contains("authorization:"), "the first request is anonymous")
        #expect(requests.filter { $0.hasPrefix("GET /token") }.count == 1, "\(requests)")
        #expect(requests.contains { $0.hasPrefix("GET /v2/\(repository)/blobs/\(feature.layerDigest)") })
    }

    @Test func wrongCredentialsAreAClearErrorThatNamesTheFileButNotTheSecret() async throws {
        let stub = try FeatureRegistryStub(
            feature: try TestFeature(), repository: repository, tag: "1",
            authentication: .bearer(username: "alice", password: "right-password"))
        defer { stub.stop() }
        let cache = try TemporaryDirectory()
        let credentials = try TemporaryDirectory()
        defer {
            cache.remove()
            credentials.remove()
        }
        let file = try writeCredential("alice:wrong-password-x9", for: stub, in: credentials)

        let error = try await #require(throws: FeatureFetchError.self) {
            try await FeatureFetcher(
                cacheDirectory: cache.path, credentialsDirectory: credentials.path,
                dockerConfigDirectory: credentials.appending("no-docker")
            ).fetchOCI(registry: stub.address, repository: repository, reference: "1", lockedDigest: nil)
        }

        #expect(error.code == .unauthorized)
        #expect(error.description.contains(file))
        #expect(error.description.contains("\(stub.address)/\(repository):1"))
        #expect(!error.description.contains("wrong-password-x9"))
        #expect(!error.description.contains(stub.token))
        #expect(!"\(String(describing: error.cause))".contains("wrong-password-x9"))
    }

    @Test func basicCredentialsComeFromDockerConfig() async throws {
        let feature = try TestFeature(id: "basic")
        let stub = try FeatureRegistryStub(
            feature: feature, repository: repository, tag: "1",
            authentication: .basic(username: "bob", password: "docker-password"))
        defer { stub.stop() }
        let cache = try TemporaryDirectory()
        let dockerConfig = try TemporaryDirectory()
        defer {
            cache.remove()
            dockerConfig.remove()
        }
        let auth = Data("bob:docker-password".utf8).base64EncodedString()
        let config = #"{"auths": {"http://\#(stub.address)/v2/": {"auth": "\#(auth)"}}}"#
        try Data(config.utf8).write(to: URL(fileURLWithPath: dockerConfig.appending("config.json")))

        let fetched = try await FeatureFetcher(cacheDirectory: cache.path, dockerConfigDirectory: dockerConfig.path)
            .fetchOCI(registry: stub.address, repository: repository, reference: "1", lockedDigest: nil)

        #expect(fetched.digest == feature.manifestDigest)
        #expect(stub.requests.contains { $0.contains("Authorization: Basic \(auth)") })
    }

    @Test func noCredentialsForAPrivateRegistrySaysWhereToPutThem() async throws {
        let stub = try FeatureRegistryStub(
            feature: try TestFeature(), repository: repository, tag: "1",
            authentication: .basic(username: "bob", password: "docker-password"))
        defer { stub.stop() }
        let cache = try TemporaryDirectory()
        defer { cache.remove() }

        let error = try await #require(throws: FeatureFetchError.self) {
            try await FeatureFetcher(cacheDirectory: cache.path, dockerConfigDirectory: cache.appending("none"))
                .fetchOCI(registry: stub.address, repository: repository, reference: "1", lockedDigest: nil)
        }

        #expect(error.code == .unauthorized)
        #expect(error.description.contains("registry-\(stub.address)"))
        #expect(error.description.contains("docker login \(stub.address)"))
    }

    @Test func aTagResolvedWithinTheRefreshIntervalMakesNoRequestAndAnOlderOneIsResolvedAgain() async throws {
        let feature = try TestFeature(id: "clocked")
        let stub = try FeatureRegistryStub(
            feature: feature, repository: repository, tag: "1",
            authentication: .basic(username: "bob", password: "pw"))
        defer { stub.stop() }
        let cache = try TemporaryDirectory()
        let credentials = try TemporaryDirectory()
        defer {
            cache.remove()
            credentials.remove()
        }
        _ = try writeCredential("bob:pw", for: stub, in: credentials)
        let start = Date()
        func fetcher(after hours: Double) -> FeatureFetcher {
            FeatureFetcher(
                cacheDirectory: cache.path, credentialsDirectory: credentials.path,
                dockerConfigDirectory: credentials.appending("no-docker"), now: { start + hours * 3600 })
        }

        let first = try await fetcher(after: 0).fetchOCI(
            registry: stub.address, repository: repository, reference: "1", lockedDigest: nil)
        let afterFirst = stub.requests.count
        let soon = try await fetcher(after: 23).fetchOCI(
            registry: stub.address, repository: repository, reference: "1", lockedDigest: nil)
        #expect(stub.requests.count == afterFirst)

        let later = try await fetcher(after: 25).fetchOCI(
            registry: stub.address, repository: repository, reference: "1", lockedDigest: nil)
        let manifestRequests = stub.requests.dropFirst(afterFirst).filter { $0.contains("/manifests/1 ") }
        #expect(!manifestRequests.isEmpty, "the tag is resolved again after the refresh interval")
        #expect(!stub.requests.dropFirst(afterFirst).contains { $0.contains("/blobs/") }, "the layer is cached")
        #expect(soon == first && later == first)

        stub.stop()
        let offline = try await fetcher(after: 50).fetchOCI(
            registry: stub.address, repository: repository, reference: "1", lockedDigest: nil)
        #expect(offline == first, "an unreachable registry falls back to the last resolution")
    }
}
