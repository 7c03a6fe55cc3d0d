import DockerEngine
import Foundation
import GitspacesCore
import GitspacesTestSupport
import Reconciler
import Shared
import Testing

/// An upgrade over a state directory and engine as the previous release (0.1.0) leaves them: an unversioned state
/// directory with applied records, lifecycle markers and logs, a running Gitspace without a writer-version label,
/// and a dirty workspace. The new release recreates nothing and loses nothing; an older one refuses the result.
@Suite struct StateUpgradeTests {
    static let devcontainer = """
        {"image": "\(BusyboxImage.reference)", "postCreateCommand": "echo created >> /tmp/hooks",
         "postStartCommand": "echo started >> /tmp/hooks"}
        """

    static func manifest(_ harness: Harness, cpus: String) -> String {
        """
        apiVersion: gitspaces/v1
        kind: Gitspace
        metadata: {name: \(harness.name("up"))}
        spec:
          repo: \(harness.source.url)
          hardware: {cpus: \(cpus), memory: 64Mi}
        """
    }

    /// One pass as the release writing `writerVersion` labels makes it.
    static func apply(_ harness: Harness, _ manifest: String, writerVersion: String?) async throws -> [ActionOutcome] {
        let runtime = ReleaseRuntime(harness.docker, writerVersion: writerVersion)
        let reconciliation = try await Reconciliation.prepare(
            desired: try harness.desired([manifest]), runtime: runtime, instance: harness.instance,
            stateDirectory: harness.stateDirectory)
        let executor = ApplyExecutor(
            runtime: runtime, instance: harness.instance, records: harness.records, commit: "c0ffee",
            unresolved: reconciliation.unresolved, sources: reconciliation.sources, workspaces: harness.workspaces)
        return await executor.apply(reconciliation.plan, observation: reconciliation.observation)
    }

    @Test func anUpgradeOverThePreviousReleasesStateRecreatesNothingAndLosesNothing() async throws {
        try await withHarness { harness in
            try harness.devcontainer(Self.devcontainer)
            let name = harness.name("up")
            // The previous release: create, then an in-place update (which leaves an applied record).
            let created = try await Self.apply(harness, Self.manifest(harness, cpus: "0.5"), writerVersion: nil)
            #expect(created.failures.isEmpty, "\(created.failures)")
            let updated = try await Self.apply(harness, Self.manifest(harness, cpus: "0.25"), writerVersion: nil)
            #expect(updated.map(\.action.kind) == [.update], "\(updated.failures)")
            let before = try #require(try await harness.inspect("up"))
            #expect(before.state.running)
            #expect(before.config.labels[ContainerIdentity.writerVersionLabel] == nil)

            let workspace = harness.workspaces.path(for: name)
            try "unsaved work\n".write(toFile: workspace + "/notes.txt", atomically: true, encoding: .utf8)
            guard case .dirty = WorkspaceCondition.read(at: workspace) else {
                Issue.record("the workspace is not dirty: \(WorkspaceCondition.read(at: workspace))")
                return
            }
            let layout = StateLayout(stateDirectory: harness.stateDirectory, instance: harness.instance)
            let lifecycle = LifecycleRecords(layout: layout)
            let record = try #require(harness.records.read(name))
            #expect(record.containerID == before.id)
            let marker = try #require(lifecycle.read(name))
            #expect(marker.containerID == before.id && marker.pending.isEmpty, "\(marker)")
            let log = try String(contentsOfFile: layout.log(name), encoding: .utf8)
            #expect(log.contains("postCreateCommand"), "\(log)")
            #expect(
                try StateFormat.read(stateDirectory: harness.stateDirectory) == StateFormat(version: 1, writtenBy: nil))

            // The new release: the format file is written, and the pass plans and changes nothing.
            let preparation = try StateFormat.prepare(stateDirectory: harness.stateDirectory)
            #expect(preparation.found == StateFormat(version: 1, writtenBy: nil))
            #expect(
                try StateFormat.read(stateDirectory: harness.stateDirectory)
                    == StateFormat(version: StateFormat.current, writtenBy: Release.number))
            let reconciliation = try await harness.prepare([Self.manifest(harness, cpus: "0.25")])
            #expect(!reconciliation.plan.hasChanges, "\(reconciliation.plan.renderText())")
            let outcomes = try await harness.apply([Self.manifest(harness, cpus: "0.25")]).1
            #expect(outcomes.isEmpty, "\(outcomes.map(\.action.kind))")

            let after = try #require(try await harness.inspect("up"))
            #expect(after.id == before.id)
            #expect(after.state.running && after.state.startedAt == before.state.startedAt)
            #expect(harness.records.read(name) == record)
            #expect(lifecycle.read(name) == marker)
            #expect(try String(contentsOfFile: layout.log(name), encoding: .utf8) == log)
            #expect(try String(contentsOfFile: workspace + "/notes.txt", encoding: .utf8) == "unsaved work\n")
            #expect(try await harness.shell("up", "cat /tmp/hooks") == "created\nstarted\n")

            // A release that reads format 1 at most meets a directory a later one migrated: refused, untouched.
            try "{\"version\": 2, \"writtenBy\": \"0.9.0\"}".write(
                toFile: layout.formatFile, atomically: true, encoding: .utf8)
            let formatText = try String(contentsOfFile: layout.formatFile, encoding: .utf8)
            #expect {
                try StateFormat.prepare(stateDirectory: harness.stateDirectory, release: "0.1.0", current: 1)
            } throws: { error in
                (error as? StateFormatError)?.code == .newer
            }
            #expect(try String(contentsOfFile: layout.formatFile, encoding: .utf8) == formatText)
            #expect(try await harness.inspect("up")?.id == before.id)
        }
    }

    @Test func aContainerAnotherReleaseCreatedIsNeitherReplacedNorUpdated() async throws {
        try await withHarness { harness in
            let manifest = Self.manifest(harness, cpus: "0.5")
            let created = try await Self.apply(harness, manifest, writerVersion: "0.0.1")
            #expect(created.failures.isEmpty, "\(created.failures)")
            let before = try #require(try await harness.inspect("up"))
            #expect(before.config.labels[ContainerIdentity.writerVersionLabel] == "0.0.1")

            let reconciliation = try await harness.prepare([manifest])
            let observed = try #require(reconciliation.observation.containers[harness.name("up")])
            let desired = try harness.desired([manifest])
            var spec = ResolvedSpec(desired.gitspaces[0])
            spec.image = BusyboxImage.reference
            #expect(observed.specHash == ContainerIdentity.specHash(fromLabels: before.config.labels))
            #expect(!reconciliation.plan.hasChanges, "\(reconciliation.plan.renderText())")
            #expect(try await harness.apply([manifest]).1.isEmpty)
            #expect(try await harness.inspect("up")?.id == before.id)

            // What this release writes: the same spec label and hash, its own version.
            let labels = ContainerIdentity.labels(
                name: harness.name("up"), instance: harness.instance, spec: spec, commit: nil, writerVersion: "9.9.9")
            #expect(labels[ContainerIdentity.writerVersionLabel] == "9.9.9")
            #expect(
                ContainerIdentity.specHash(fromLabels: labels)
                    == ContainerIdentity.specHash(
                        fromLabels: ContainerIdentity.labels(
                            name: harness.name("up"), instance: harness.instance, spec: spec, commit: nil,
                            writerVersion: "0.0.1")))
        }
    }
}
