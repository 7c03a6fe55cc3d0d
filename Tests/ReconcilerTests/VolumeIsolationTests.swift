import DockerEngine
import Foundation
import GitspacesCore
import GitspacesTestSupport
import Reconciler
import Testing

/// Named volumes of devcontainer.json on a real engine: each Gitspace's own, shared only by the Policy, gone
/// with the Gitspace under `deletionPolicy: Delete`, and never another Gitspace's or a volume made elsewhere.
@Suite struct VolumeIsolationTests {
    static let image = BusyboxImage.reference
    static let cacheMount = "{\"image\": \"\(image)\", \"mounts\": [\"source=cache,target=/cache,type=volume\"]}"

    func policy(sharing volumes: [String]) -> String {
        """
        apiVersion: gitspaces/v1
        kind: Policy
        metadata: {name: default}
        spec:
          devcontainer: {sharedVolumes: [\(volumes.joined(separator: ", "))]}
        """
    }

    func ownVolume(_ harness: Harness, _ base: String, _ volume: String = "cache") -> String {
        "gitspace-\(harness.name(base))_\(volume)"
    }

    @Test func aNamedVolumeIsEachGitspacesOwnUnlessThePolicySharesIt() async throws {
        try await withHarness { harness in
            try harness.devcontainer(Self.cacheMount)
            let (_, created) = try await harness.apply([harness.gitspace("a"), harness.gitspace("b")])
            #expect(created.failures.isEmpty, "\(created.failures)")
            _ = try await harness.shell("a", "echo from-a > /cache/file")
            #expect(try await harness.shell("b", "cat /cache/file 2>/dev/null; true") == "", "b does not see a's file")
            #expect(try await harness.shell("a", "cat /cache/file") == "from-a\n")

            let volume = try #require(try await harness.docker.inspectVolume(ownVolume(harness, "a")))
            #expect(
                volume.labels == [
                    "dev.gitspaces.name": harness.name("a"), "dev.gitspaces.instance": harness.instance,
                    "dev.gitspaces.volume": "cache",
                ])
            #expect(try await harness.docker.inspectVolume(ownVolume(harness, "b")) != nil)

            let shared = [harness.gitspace("a"), harness.gitspace("b"), policy(sharing: ["cache"])]
            let plan = try await harness.plan(shared)
            #expect(plan.summary.replace == 2, "sharing a volume recreates the containers that mount it")
            let (_, sharing) = try await harness.apply(shared)
            #expect(sharing.failures.isEmpty, "\(sharing.failures)")
            _ = try await harness.shell("a", "echo shared-by-a > /cache/file")
            #expect(try await harness.shell("b", "cat /cache/file") == "shared-by-a\n")
            let sharedVolume = try #require(
                try await harness.docker.inspectVolume("gitspaces-shared-\(harness.instance)_cache"))
            #expect(sharedVolume.labels["dev.gitspaces.shared"] == "true")
            #expect(sharedVolume.labels["dev.gitspaces.name"] == nil)

        }
    }

    @Test func deleteRemovesTheGitspacesVolumesAndRetainKeepsThemLabelled() async throws {
        try await withHarness { harness in
            try harness.devcontainer(
                "{\"image\": \"\(Self.image)\", \"mounts\": [\"source=cache,target=/cache,type=volume\", "
                    + "\"type=volume,target=/anonymous\"]}")
            let (_, created) = try await harness.apply([
                harness.gitspace("a", extra: "  deletionPolicy: Delete"), harness.gitspace("b"),
            ])
            #expect(created.failures.isEmpty, "\(created.failures)")
            let anonymous = try #require(
                try await harness.inspect("a")?.mounts.first { $0.destination == "/anonymous" }?.name)
            let retainedAnonymous = try #require(
                try await harness.inspect("b")?.mounts.first { $0.destination == "/anonymous" }?.name)
            #expect(!anonymous.isEmpty && !retainedAnonymous.isEmpty)
            defer { _ = try? run("docker", ["volume", "rm", "-f", retainedAnonymous]) }

            let (_, deleted) = try await harness.apply([])
            #expect(deleted.failures.isEmpty, "\(deleted.failures)")
            let notes = Dictionary(uniqueKeysWithValues: deleted.map { ($0.action.name, $0.note ?? "") })
            #expect(
                notes[harness.name("a")]?.contains("volumes removed: \(ownVolume(harness, "a"))") == true, "\(notes)")
            #expect(notes[harness.name("b")]?.contains("volumes kept: \(ownVolume(harness, "b"))") == true, "\(notes)")
            #expect(try await harness.docker.inspectVolume(ownVolume(harness, "a")) == nil)
            #expect(try await harness.docker.inspectVolume(anonymous) == nil, "under Delete it goes with its container")
            #expect(try await harness.docker.inspectVolume(retainedAnonymous) != nil, "under Retain it stays")
            let kept = try #require(try await harness.docker.inspectVolume(ownVolume(harness, "b")))
            #expect(kept.labels["dev.gitspaces.name"] == harness.name("b"))
        }
    }

    @Test func aSourceRepositoryCannotMountAnotherGitspacesVolumeNorOneMadeElsewhere() async throws {
        try await withHarness { harness in
            try harness.devcontainer(Self.cacheMount)
            _ = try await harness.apply([harness.gitspace("bob")])
            _ = try await harness.shell("bob", "echo secret > /cache/file")
            let outside = "outside-\(harness.id)"
            try await harness.docker.createVolume(name: outside, labels: ["test.run": harness.instance])
            try await run(
                "docker",
                [
                    "run", "--rm", "-v", "\(outside):/v", Self.image, "sh", "-c", "echo planted > /v/file",
                ])

            try harness.devcontainer(
                """
                {"image": "\(Self.image)", "mounts": [
                  "source=\(ownVolume(harness, "bob")),target=/bob,type=volume",
                  "source=\(outside),target=/outside,type=volume",
                  "source=/var/run/docker.sock,target=/sock,type=volume"]}
                """)
            let (_, outcomes) = try await harness.apply([harness.gitspace("bob"), harness.gitspace("eve")])
            #expect(outcomes.failures.isEmpty, "\(outcomes.failures)")
            let seen = try await harness.shell(
                "eve", "cat /bob/file /outside/file 2>/dev/null; ls -A /sock; mount | grep -c docker.sock; true")
            #expect(!seen.contains("secret") && !seen.contains("planted"), "\(seen)")
            #expect(seen.hasSuffix("0\n"), "\(seen)")
            let mounts = try #require(try await harness.inspect("eve")?.hostConfig.mounts)
            for mount in mounts where mount.type == .volume {
                #expect(mount.source.hasPrefix("gitspace-\(harness.name("eve"))_"), "\(mount.source)")
            }
        }
    }

    @Test func aVolumeUnderTheGitspacesNameThatGitspacesDidNotMakeIsRefused() async throws {
        try await withHarness { harness in
            try harness.devcontainer(Self.cacheMount)
            try await harness.docker.createVolume(name: ownVolume(harness, "a"), labels: ["test.run": harness.instance])
            let (_, outcomes) = try await harness.apply([harness.gitspace("a")])
            let failure = try #require(outcomes.first?.error?.description)
            #expect(failure.contains("Gitspace \(harness.name("a"))"), "\(failure)")
            #expect(failure.contains("\(ownVolume(harness, "a"))"), "\(failure)")
            #expect(failure.contains("was not made by Gitspaces"), "\(failure)")
            #expect(try await harness.inspect("a") == nil)
        }
    }

    @Test func namedVolumesMapToSafeEngineNames() {
        let own = GitspaceVolumes.claim(volume: "cache", gitspace: "alice", instance: "default", shared: [])
        #expect(own.engineName == "gitspace-alice_cache")
        let shared = GitspaceVolumes.claim(volume: "cache", gitspace: "alice", instance: "default", shared: ["cache"])
        #expect(shared.engineName == "gitspaces-shared-default_cache")
        let long = GitspaceVolumes.claim(
            volume: String(repeating: "v", count: 300), gitspace: "alice", instance: "default", shared: [])
        #expect(long.engineName.count <= 128)
        #expect(long.engineName.hasPrefix("gitspace-alice_vvv"))
        let odd = GitspaceVolumes.claim(
            volume: "/var/run/docker.sock", gitspace: "alice", instance: "default", shared: [])
        #expect(odd.engineName.hasPrefix("gitspace-alice_varrundocker.sock-"))
        #expect(odd.engineName != long.engineName)
        // `_` never appears in a Gitspace name, so `a` + `b-c` and `a-b` + `c` cannot meet.
        let first = GitspaceVolumes.claim(volume: "b-c", gitspace: "a", instance: "i", shared: [])
        let second = GitspaceVolumes.claim(volume: "c", gitspace: "a-b", instance: "i", shared: [])
        #expect(first.engineName != second.engineName)
        #expect(!GitspaceVolumes.isMadeFor(first, labels: second.labels))
    }
}
