import Testing

@testable import Reconciler

/// The pure decisions of the feature fetcher: reading `WWW-Authenticate`, and which hosts may use plain HTTP.
struct FeatureFetchDecisionTests {
    @Test func aBearerChallengeIsReadWithQuotedCommasAndEscapes() throws {
        let challenge = try #require(
            AuthChallenge(
                header: #"Bearer realm="https://auth.example.com/token",service="registry.example.com","#
                    + #"scope="repository:a/b:pull,push",error="say \"hi\"""#))
        #expect(challenge.scheme == "bearer")
        #expect(challenge.parameters["realm"] == "https://auth.example.com/token")
        #expect(challenge.parameters["service"] == "registry.example.com")
        #expect(challenge.parameters["scope"] == "repository:a/b:pull,push")
        #expect(challenge.parameters["error"] == #"say "hi""#)
    }

    @Test func bearerIsPreferredOverBasicAmongSeveralChallenges() {
        let preferred = AuthChallenge.preferred([#"Basic realm="x""#, #"Bearer realm="https://t/token""#])
        #expect(preferred?.scheme == "bearer")
        #expect(AuthChallenge.preferred([#"basic realm=x"#])?.parameters["realm"] == "x")
        #expect(AuthChallenge.preferred([]) == nil)
    }

    @Test(
        arguments: [
            ("localhost", nil, true), ("127.0.0.1", 5000, true), ("::1", 5000, true), ("LOCALHOST", 80, true),
            ("registry.example.com", nil, false), ("127.0.0.2", 5000, false), ("insecure.example", 443, true),
            ("pinned.example", 5000, true), ("pinned.example", 5001, false), ("fd00::1", 5000, true),
        ] as [(String, Int?, Bool)])
    func plainHTTPIsAllowedOnlyForLoopbackAndListedHosts(host: String, port: Int?, allowed: Bool) {
        let policy = TransportPolicy(insecureRegistries: ["insecure.example", "pinned.example:5000", "[fd00::1]:5000"])
        #expect(policy.allowsPlainHTTP(host: host, port: port) == allowed)
    }

    @Test func aRegistrySchemeFollowsThePolicy() {
        let policy = TransportPolicy(insecureRegistries: [])
        #expect(policy.scheme(forRegistry: "127.0.0.1:5000") == "http")
        #expect(policy.scheme(forRegistry: "[::1]:5000") == "http")
        #expect(policy.scheme(forRegistry: "ghcr.io") == "https")
        #expect(policy.scheme(forRegistry: "localhost.example.com:5000") == "https")
    }
}
