import GitspacesCore
import Testing

/// `Policy.spec.devcontainer.allowedFeatures`: globs over feature references, default any.
@Suite struct AllowedFeaturesTests {
    static func policy(_ devcontainer: String) -> String {
        """
        apiVersion: gitspaces/v1
        kind: Policy
        metadata: {name: default}
        spec:
          devcontainer: \(devcontainer)

        """
    }

    @Test func thePatternsAreReadAndMatchReferencesAsWrittenOrCanonical() throws {
        let state = try load([
            "g.yaml": validGitspace,
            "p.yaml": Self.policy(#"{allowedFeatures: ["ghcr.io/devcontainers/features/*", "./*"]}"#),
        ])
        let rules = state.policy.devcontainer
        #expect(rules.allowedFeatures == ["ghcr.io/devcontainers/features/*", "./*"])
        #expect(
            rules.allowsFeature(
                "ghcr.io/devcontainers/features/node:1", canonical: "ghcr.io/devcontainers/features/node:1"))
        #expect(rules.allowsFeature("node", canonical: "ghcr.io/devcontainers/features/node:1"))
        #expect(rules.allowsFeature("./tools", canonical: "./.devcontainer/tools"))
        #expect(!rules.allowsFeature("ghcr.io/evil/features/miner:1", canonical: "ghcr.io/evil/features/miner:1"))
    }

    @Test func withoutPatternsAnyFeatureIsAllowed() throws {
        let state = try load(["g.yaml": validGitspace])
        #expect(state.policy.devcontainer.allowedFeatures.isEmpty)
        #expect(state.policy.devcontainer.allowsFeature("ghcr.io/any/thing/x:1", canonical: "ghcr.io/any/thing/x:1"))
    }

    @Test func aWrongTypeOrAMisspeltKeyIsAnErrorAtItsPlace() {
        let wrongType = diagnostics(["g.yaml": validGitspace, "p.yaml": Self.policy("{allowedFeatures: yes}")])
        #expect(wrongType.first?.hasPrefix("p.yaml:5:") == true)
        #expect(wrongType.first?.contains("allowedFeatures") == true)
        let misspelt = diagnostics(["g.yaml": validGitspace, "p.yaml": Self.policy("{allowedFeature: []}")])
        #expect(misspelt.first?.contains("allowedFeatures") == true)
    }
}
