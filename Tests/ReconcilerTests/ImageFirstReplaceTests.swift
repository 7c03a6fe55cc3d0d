import DockerEngine
import Foundation
import GitspacesCore
import GitspacesTestSupport
import Testing

@testable import Reconciler

/// A replace for a new image builds it before the old container goes: the old one serves throughout the build,
/// a failed build leaves it running, Gitspaces needing one image share one build, and `devcontainer build`'s
/// image is the one a later apply finds.
@Suite struct ImageFirstReplaceTests {
    static let image = BusyboxImage.reference

    /// A Dockerfile config whose image differs per test and per `step`.
    func dockerfile(_ harness: Harness, _ step: String) throws {
        try harness.devcontainer(
            "{\"build\": {\"dockerfile\": \"Dockerfile\"}}",
            files: [".devcontainer/Dockerfile": "FROM \(Self.image)\nRUN \(step)\nRUN echo \(harness.id) > /id\n"])
    }

    func removeImages(_ harness: Harness, _ images: [String]) async {
        for image in images { _ = try? await harness.docker.removeImage(image, force: true, prune: false) }
    }

    @Test func theOldContainersRunWhileTheNewImageBuildsAndOneBuildServesBoth() async throws {
        try await withHarness { harness in
            try dockerfile(harness, "echo one > /v")
            let both = [harness.gitspace("a"), harness.gitspace("b")]
            let (first, created) = try await harness.apply(both)
            #expect(created.failures.isEmpty, "\(created.failures)")
            let old = [
                try #require(try await harness.inspect("a")).id, try #require(try await harness.inspect("b")).id,
            ]
            try dockerfile(harness, "sleep 4 && echo two > /v")
            let planned = try await harness.plan(both)
            #expect(planned.summary.replace == 2)
            let newImage = try #require(planned.actions.first?.spec?.image)

            // Samples of (whether each old container runs, whether the new image exists) taken while the apply runs.
            let docker = harness.docker
            let applying = Task { try await harness.apply(both) }
            let watching = Task { () -> [(oldRunning: [Bool], image: Bool)] in
                var samples: [(oldRunning: [Bool], image: Bool)] = []
                while !Task.isCancelled {
                    // A sample with an engine error (a loaded machine's timeout) tells nothing; a gone container
                    // (nil) is not running.
                    var running: [Bool] = []
                    var answered = true
                    for id in old {
                        do { running.append(try await docker.inspect(id)?.state.running ?? false) } catch {
                            answered = false
                        }
                    }
                    var exists = false
                    do { exists = try await docker.inspectImage(newImage) != nil } catch { answered = false }
                    if answered { samples.append((running, exists)) }
                    try? await Task.sleep(for: .milliseconds(150))
                }
                return samples
            }
            let (_, replaced) = try await applying.value
            watching.cancel()
            let seen = await watching.value
            #expect(replaced.failures.isEmpty, "\(replaced.failures)")
            #expect(
                seen.contains { $0.oldRunning == [true, true] && !$0.image },
                "the old containers ran while the image built: \(seen)")
            #expect(
                !seen.contains { $0.oldRunning.contains(false) && !$0.image },
                "no old container went before the new image existed: \(seen)")
            let built = replaced.filter {
                $0.note?.contains("built \(newImage)") == true && $0.note?.contains("already") == false
            }
            #expect(built.count == 1, "one build for both: \(replaced.map { $0.note ?? "" })")
            for name in ["a", "b"] {
                #expect(try await harness.inspect(name)?.id != old[name == "a" ? 0 : 1])
                #expect(try await harness.shell(name, "cat /v") == "two\n")
            }
            await removeImages(harness, [first.actions.first?.spec?.image, newImage].compactMap { $0 })
        }
    }

    @Test func aFailedBuildLeavesTheOldContainerRunningWithTheError() async throws {
        try await withHarness { harness in
            try dockerfile(harness, "echo one > /v")
            let (first, created) = try await harness.apply([harness.gitspace("a")])
            #expect(created.failures.isEmpty, "\(created.failures)")
            let old = try #require(try await harness.inspect("a")).id
            try dockerfile(harness, "echo broken && exit 7")
            let (plan, outcomes) = try await harness.apply([harness.gitspace("a")])
            #expect(plan.summary.replace == 1)
            let error = try #require(outcomes.first?.error)
            #expect(error.code == .build, "\(error)")
            #expect(error.message.contains("the build output is in"), "\(error)")
            let details = try #require(try await harness.inspect("a"))
            #expect(details.id == old, "the old container is kept")
            #expect(details.state.running)
            #expect(try await harness.shell("a", "cat /v") == "one\n")
            await removeImages(harness, [first.actions.first?.spec?.image].compactMap { $0 })
        }
    }

    @Test func aPrebuiltImageIsFoundByTheNextApply() async throws {
        try await withHarness { harness in
            try dockerfile(harness, "echo prebuilt > /v")
            let prebuild = Prebuild(
                runtime: DockerRuntime(harness.docker), instance: harness.instance,
                stateDirectory: harness.folder.appending("ci-state"))
            let outcome = try await prebuild.run(repo: harness.source.url, branch: "main", devcontainer: nil)
            #expect(outcome.built)
            #expect(outcome.image.hasPrefix("gitspaces-build/source:"))
            #expect(try await harness.docker.inspectImage(outcome.image) != nil)
            let again = try await prebuild.run(repo: harness.source.url, branch: "main", devcontainer: nil)
            #expect(!again.built, "\(again.notes)")

            let (plan, outcomes) = try await harness.apply([harness.gitspace("a")])
            #expect(outcomes.failures.isEmpty, "\(outcomes.failures)")
            #expect(plan.actions.first?.spec?.image == outcome.image, "the reconciler asks for the prebuilt tag")
            let note = outcomes.first?.note ?? ""
            #expect(note.contains("image \(outcome.image) already built"), "\(note)")
            #expect(try await harness.shell("a", "cat /v") == "prebuilt\n")
            await removeImages(harness, [outcome.image])
        }
    }
}
