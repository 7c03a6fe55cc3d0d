import DockerEngine
import Foundation
import GitspacesCore
import GitspacesTestSupport
import Testing

@testable import Reconciler

/// `apply` starts the engine's list while it reads the manifests and hands it to `Reconciliation.prepare`, which
/// resolves the sources meanwhile: the plan must be the one a pass that lists for itself makes.
@Suite struct OverlappedObservationTests {
    @Test func anObservationUnderWayIsTheOnlyListAndPlansLikeAPassThatLists() async throws {
        try await withHarness { harness in
            let documents = [harness.gitspace("a")]
            let (_, outcomes) = try await harness.apply(documents)
            #expect(outcomes.failures.isEmpty, "\(outcomes.failures)")
            let listed = try await harness.prepare(documents)
            #expect(!listed.plan.hasChanges)

            let observer = EngineObserver(
                docker: harness.docker, instance: harness.instance, records: harness.records,
                lifecycle: LifecycleRecords(stateDirectory: harness.stateDirectory, instance: harness.instance))
            let observing = Task { try await observer.observe() }
            // A runtime that sees no containers: had prepare listed on it, the plan would create the Gitspace.
            let overlapped = try await Reconciliation.prepare(
                desired: try harness.desired(documents), runtime: RecordingRuntime(), instance: harness.instance,
                stateDirectory: harness.stateDirectory, observed: observing)
            #expect(overlapped.plan == listed.plan)
            #expect(overlapped.observation.containers == listed.observation.containers)
            #expect(overlapped.sources.keys.sorted() == [harness.name("a")])
            // The hash comes from the spec label decoded once: the one the labels give.
            let labels = try #require(
                try await harness.docker.list(labels: [ContainerIdentity.instanceLabel: harness.instance]).first?.labels
            )
            let observed = try #require(overlapped.observation.containers[harness.name("a")])
            #expect(observed.specHash == ContainerIdentity.specHash(fromLabels: labels))
        }
    }

    @Test func aSourceThatCannotBeFetchedIsReportedAndKeepsItsContainerWhenTheListWasUnderWay() async throws {
        try await withHarness { harness in
            let documents = [harness.gitspace("a")]
            let (_, outcomes) = try await harness.apply(documents)
            #expect(outcomes.failures.isEmpty, "\(outcomes.failures)")
            try FileManager.default.removeItem(atPath: harness.source.path)

            let observer = EngineObserver(
                docker: harness.docker, instance: harness.instance, records: harness.records)
            let reconciliation = try await Reconciliation.prepare(
                desired: try harness.desired(documents), runtime: DockerRuntime(harness.docker),
                instance: harness.instance, stateDirectory: harness.stateDirectory,
                observed: Task { try await observer.observe() })
            let reason = try #require(reconciliation.unresolved[harness.name("a")])
            #expect(reason.contains("fetching"), "\(reason)")
            #expect(!reconciliation.plan.hasChanges, "\(reconciliation.plan.actions)")
        }
    }
}

@Suite struct SourceSetupSliceTests {
    @Test func slicesCoverEveryGitspaceOnceInOrderAndNoneIsEmpty() throws {
        let documents = (0..<7).map {
            "apiVersion: gitspaces/v1\nkind: Gitspace\nmetadata: {name: g\($0)}\nspec: {repo: /tmp/r}\n"
        }
        let gitspaces = try ManifestLoader.load([
            SourceFile(path: "g.yaml", text: documents.joined(separator: "---\n"))
        ]).gitspaces
        for count in [0, 1, 2, 3, 7, 16] {
            let slices = SourceSetups.slices(gitspaces, count: count)
            #expect(slices.flatMap { $0.map(\.name) } == gitspaces.map(\.name), "\(count)")
            #expect(slices.allSatisfy { !$0.isEmpty }, "\(count)")
            #expect(slices.count <= max(count, 1), "\(count)")
        }
        #expect(SourceSetups.slices([], count: 2).isEmpty)
    }

    /// Gitspaces of one source share one reading of its devcontainer.json, and what they read is what each would
    /// have read alone: the same setup, and for a broken file the same error, with its line and column.
    @Test func gitspacesOfOneSourceShareOneParseAndGetWhatTheyWouldAlone() throws {
        func source(_ text: String?, path: String? = ".devcontainer/devcontainer.json") -> ResolvedSource {
            ResolvedSource(
                commit: String(repeating: "a", count: 40), branch: "main", configPath: text == nil ? nil : path,
                image: "busybox", mirror: "/nowhere", configText: text)
        }
        let good = source(#"{"image": "busybox", "containerEnv": {"A": "1"}}"#)
        let broken = source("{\"image\": \"busybox\",\n  \"forwardPorts\": [\n}")
        let fetched: [String: Result<ResolvedSource, ApplyError>] = [
            "a": .success(good), "b": .success(good), "c": .success(broken), "d": .success(source(nil)),
            "e": .failure(ApplyError(.unresolved, "not fetched")),
        ]
        let parsed = SourceSetups.parseOnce(fetched)
        #expect(parsed.count == 3, "one reading per distinct file and text")
        let gitspaces = try ManifestLoader.load([
            SourceFile(
                path: "g.yaml",
                text: ["a", "b", "c", "d"].map {
                    "apiVersion: gitspaces/v1\nkind: Gitspace\nmetadata: {name: \($0)}\nspec: {repo: file:///r}\n"
                }.joined(separator: "---\n"))
        ]).gitspaces
        for gitspace in gitspaces {
            guard case .success(let resolved) = fetched[gitspace.name] else { continue }
            let alone = DevContainerSetup.resolve(
                gitspace: gitspace, source: resolved, policy: Policy(), instance: "i", workspace: "/w/\(gitspace.name)")
            let shared = DevContainerSetup.resolve(
                gitspace: gitspace, source: resolved, policy: Policy(), instance: "i", workspace: "/w/\(gitspace.name)",
                parsed: parsed[SourceSetups.ConfigKey(resolved)])
            switch (alone, shared) {
            case (.success(let one), .success(let other)):
                #expect(one.config == other.config && one.image == other.image, "\(gitspace.name)")
            case (.failure(let one), .failure(let other)):
                #expect(one.message == other.message, "\(gitspace.name)")
                #expect(other.message.contains(".devcontainer/devcontainer.json:3:1"), "\(other.message)")
            default:
                Issue.record("\(gitspace.name): \(alone) alone, \(shared) shared")
            }
        }
    }
}
