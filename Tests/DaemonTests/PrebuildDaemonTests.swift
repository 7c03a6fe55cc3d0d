import DockerEngine
import Foundation
import GitspacesDaemon
import GitspacesTestScope
import GitspacesTestSupport
import Testing

/// The daemon builds a moved branch's new image before it replaces the running container: `Building` with the
/// image in `/status` meanwhile, a failed build leaving the container running with the error and a retry; and a
/// signed webhook naming the source repository starts it without waiting for the interval.
@Suite(.onWidePool) struct PrebuildDaemonTests {
    func dockerfile(_ world: DaemonWorld, _ step: String) async throws -> String {
        try await onOwnThread {
            try world.source.write(
                ".devcontainer/devcontainer.json", "{\"build\": {\"dockerfile\": \"Dockerfile\"}}\n")
            try world.source.write(
                ".devcontainer/Dockerfile", "FROM \(BusyboxImage.reference)\nRUN \(step)\nRUN echo \(world.id) > /id\n")
            return try world.source.commit("Dockerfile: \(step)")
        }
    }

    @Test func aLongFirstPassShowsItsGitspacesCreatingBeforeItEnds() async throws {
        try await withWorld { world in
            let name = world.name("slow")
            _ = try await dockerfile(world, "echo \(world.id) && sleep 20")
            try await world.publish(["slow.yaml": world.gitspace("slow")])
            let daemon = try world.startDaemon(interval: "1h")
            let early = try await daemon.waitForStatus("the first pass's status", seconds: 150) {
                $0.entry(name) != nil
            }
            let entry = try #require(early.entry(name))
            #expect(
                [.creating, .building].contains(entry.phase), "the first status is published before the pass's actions")
            #expect(entry.containerState == nil)
            #expect(early.daemon.passes == 1)
            let done = try await daemon.waitForStatus("slow running") { $0.entry(name)?.phase == .running }
            #expect(done.daemon.passes == 1, "the same first pass ran the create")
            if let container = try await world.containers()[name] {
                _ = try? await world.docker.removeImage(container.image, force: true, prune: false)
            }
        }
    }

    @Test func aWebhookForTheSourceBuildsTheNewImageWhileTheOldContainerRuns() async throws {
        try await withWorld { world in
            let name = world.name("a")
            let v1 = try await dockerfile(world, "echo one > /v")
            try await world.publish(["a.yaml": world.gitspace("a")])
            // A long interval: only the webhook starts the passes after the first.
            let daemon = try world.startDaemon(interval: "1h")
            let first = try await daemon.waitForStatus("the first container") {
                $0.entry(name)?.phase == .running && $0.entry(name)?.sourceCommit == v1
            }
            let oldContainer = try #require(try await world.containers()[name])
            let old = oldContainer.id
            let passes = first.daemon.passes

            // Long enough to be seen between two status polls on a loaded machine: in a whole fresh-clone suite the
            // polling task was starved through a 10 s build twice.
            let v2 = try await dockerfile(world, "echo \(world.id) && sleep 30 && echo two > /v")
            let unknown = "{\"repository\": {\"clone_url\": \"https://example.invalid/acme/other.git\"}}"
            #expect(try await daemon.postHook(body: unknown, secret: world.secret) == 200)
            try await Task.sleep(for: .seconds(1))
            #expect(await daemon.status()?.daemon.passes == passes, "an unknown repository starts no pass")

            let known = "{\"repository\": {\"clone_url\": \"\(world.source.url).git\"}}"
            #expect(try await daemon.postHook(body: known, secret: world.secret) == 202)
            let building = try await daemon.waitForStatus("the new image building", seconds: 180) {
                $0.entry(name)?.phase == .building
            }
            let image = try #require(building.entry(name)?.building)
            #expect(image.hasPrefix("gitspaces-build/"))
            #expect(building.entry(name)?.ready.reason == "Building")
            let during = try #require(try await world.docker.inspect(old))
            #expect(during.state.running, "the old container runs while the image builds")

            try await daemon.waitForStatus("the replaced container", seconds: 180) {
                $0.entry(name)?.phase == .running && $0.entry(name)?.sourceCommit == v2
                    && $0.entry(name)?.ready.status == true
            }
            let replaced = try #require(try await world.containers()[name])
            #expect(replaced.id != old)
            #expect(replaced.image == image)
            let events = try #require(try await daemon.client.events(name: name))
            let built = try #require(events.firstIndex { $0.reason == "Building" && $0.message.contains(image) })
            let swapped = try #require(events.firstIndex { $0.reason == "Replaced" })
            #expect(built < swapped, "the build's event comes before the replace's: \(events.map(\.reason))")

            _ = try await dockerfile(world, "echo broken && exit 7")
            #expect(try await daemon.postHook(body: known, secret: world.secret) == 202)
            let failed = try await daemon.waitForStatus("the failed build", seconds: 180) {
                $0.entry(name)?.phase == .failed
            }
            let entry = try #require(failed.entry(name))
            #expect(entry.lastError?.contains("building the image of .devcontainer/Dockerfile failed") == true)
            #expect(entry.retryInSeconds != nil, "the build is retried with backoff")
            #expect(entry.containerState == "running")
            let kept = try #require(try await world.containers()[name])
            #expect(kept.id == replaced.id, "a failed build keeps the running container")
            #expect(kept.state == "running")
            for built in [oldContainer.image, image] {
                _ = try? await world.docker.removeImage(built, force: true, prune: false)
            }
        }
    }
}
