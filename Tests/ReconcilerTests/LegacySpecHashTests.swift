import DockerEngine
import GitspacesCore
import GitspacesTestSupport
import Reconciler
import Testing

/// Containers created before the spec hash moved from FNV-1a to SHA-256 carry the old digest in their spec-hash
/// label. Their hash is recomputed from the spec label, so an upgrade recreates nothing whose spec is unchanged.
@Suite struct LegacySpecHashTests {
    @Test func aContainerWithAnOldAlgorithmsHashLabelAndAnUnchangedSpecPlansNoChange() async throws {
        try await withHarness { harness in
            let manifest = harness.gitspace("a")
            try await harness.apply([manifest])
            let created = try #require(try await harness.inspect("a"))
            let currentHash = try #require(created.config.labels[ContainerIdentity.specHashLabel])

            // The same container as an older release would have made it: every label the same but the hash.
            let legacyHash = "9f1c2b3a4d5e6f70"
            var labels = created.config.labels
            labels[ContainerIdentity.specHashLabel] = legacyHash
            let desired = try harness.desired([manifest])
            var spec = ResolvedSpec(desired.gitspaces[0])
            spec.image = BusyboxImage.reference
            var template = ContainerTemplate.spec(
                name: harness.name("a"), instance: harness.instance, resolved: spec, image: BusyboxImage.reference,
                commit: nil)
            template.labels = labels
            try await harness.docker.remove(created.id, force: true)
            let legacy = try await harness.docker.create(
                name: ContainerIdentity.containerName(harness.name("a")), spec: template)
            try await harness.docker.start(legacy)
            #expect(try await harness.inspect("a")?.config.labels[ContainerIdentity.specHashLabel] == legacyHash)

            #expect(ContainerIdentity.specHash(fromLabels: labels) == currentHash)
            let reconciliation = try await harness.prepare([manifest])
            #expect(reconciliation.observation.containers[harness.name("a")]?.specHash == currentHash)
            #expect(reconciliation.plan.hasChanges == false, "\(reconciliation.plan.renderText())")
        }
    }

    @Test func withoutADecodableSpecLabelTheHashLabelIsTaken() {
        let labels = [ContainerIdentity.specHashLabel: "0123456789abcdef", ContainerIdentity.specLabel: "{not json"]
        #expect(ContainerIdentity.specHash(fromLabels: labels) == "0123456789abcdef")
    }
}
