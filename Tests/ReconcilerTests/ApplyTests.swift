import DockerEngine
import Foundation
import GitspacesCore
import GitspacesTestSupport
import Reconciler
import Testing

/// Apply against the real dockerd: every behaviour read back from the engine.
@Suite struct ApplyTests {
    @Test func createRunsTheContainerWithTheDeclaredLimitsAndLabels() async throws {
        try await withHarness { harness in
            let (plan, outcomes) = try await harness.apply([harness.gitspace("a", extra: "  env: {TZ: UTC}")])
            #expect(plan.summary.create == 1)
            #expect(outcomes.failures.isEmpty, "\(outcomes.failures)")
            let details = try #require(try await harness.inspect("a"))
            #expect(details.state.running)
            #expect(details.hostConfig.nanoCPUs == 500_000_000)
            #expect(details.hostConfig.memory == 64 << 20)
            #expect(details.hostConfig.memorySwap == 64 << 20, "no swap beyond the declared memory")
            #expect(details.hostConfig.pidsLimit == ContainerTemplate.pidsLimit)
            #expect(details.config.env.contains("TZ=UTC"))
            let labels = details.config.labels
            #expect(labels[ContainerIdentity.nameLabel] == harness.name("a"))
            #expect(labels[ContainerIdentity.instanceLabel] == harness.instance)
            #expect(labels[ContainerIdentity.commitLabel] == "c0ffee")
            #expect(labels[ContainerIdentity.specHashLabel]?.count == 16)
        }
    }

    @Test func stopStartUpdateReplaceAndDeleteConverge() async throws {
        try await withHarness { harness in
            try await harness.apply([harness.gitspace("a")])
            let created = try #require(try await harness.inspect("a")).id

            let (stopPlan, _) = try await harness.apply([harness.gitspace("a", extra: "  state: stopped")])
            #expect(stopPlan.summary.stop == 1)
            #expect(try await harness.inspect("a")?.state.running == false)

            let (startPlan, _) = try await harness.apply([harness.gitspace("a")])
            #expect(startPlan.summary.start == 1)
            #expect(try await harness.inspect("a")?.state.running == true)

            let bigger = harness.gitspace("a").replacingOccurrences(
                of: "cpus: 0.5, memory: 64Mi", with: "cpus: 1, memory: 96Mi")
            let (updatePlan, updates) = try await harness.apply([bigger])
            #expect(updatePlan.summary.update == 1)
            #expect(updates.failures.isEmpty, "\(updates.failures)")
            let updated = try #require(try await harness.inspect("a"))
            #expect(updated.id == created, "an in-place update keeps the container")
            #expect(updated.hostConfig.nanoCPUs == 1_000_000_000)
            #expect(updated.hostConfig.memory == 96 << 20)
            #expect(try await harness.plan([bigger]).hasChanges == false, "the update is remembered")

            let (replacePlan, _) = try await harness.apply([bigger + "  env: {A: b}\n"])
            #expect(replacePlan.summary.replace == 1)
            let replaced = try #require(try await harness.inspect("a"))
            #expect(replaced.id != created, "a replace recreates the container")
            #expect(replaced.config.env.contains("A=b"))
            #expect(replaced.hostConfig.nanoCPUs == 1_000_000_000)

            let (deletePlan, _) = try await harness.apply([harness.gitspace("other")])
            #expect(deletePlan.summary.delete == 1)
            #expect(try await harness.inspect("a") == nil)
        }
    }

    @Test func applyingTwiceMakesNoEngineWrites() async throws {
        try await withHarness { harness in
            let documents = [harness.gitspace("a"), harness.gitspace("b", extra: "  state: stopped")]
            try await harness.apply(documents)
            // Events have one-second resolution: start counting strictly after the first apply.
            try await Task.sleep(for: .milliseconds(1100))
            let since = String(Int(Date().timeIntervalSince1970))
            let (plan, outcomes) = try await harness.apply(documents)
            #expect(!plan.hasChanges)
            #expect(outcomes.isEmpty)
            let until = String(Int(Date().timeIntervalSince1970) + 1)
            let events = try await run(
                "docker",
                [
                    "events", "--since", since, "--until", until, "--filter",
                    "label=\(ContainerIdentity.instanceLabel)=\(harness.instance)", "--format", "{{.Action}}",
                ])
            #expect(events.stdout.isEmpty, "the engine saw: \(events.stdout)")
        }
    }

    @Test func anOwnContainerWithTheSameNameIsAdoptedNotDuplicated() async throws {
        try await withHarness { harness in
            let manifest = harness.gitspace("a")
            let desired = try harness.desired([manifest])
            var spec = ResolvedSpec(desired.gitspaces[0])
            spec.image = BusyboxImage.reference
            // As a crashed earlier run would leave it: created, with our labels, never recorded.
            let template = ContainerTemplate.spec(
                name: harness.name("a"), instance: harness.instance, resolved: spec, image: BusyboxImage.reference,
                commit: nil)
            let existing = try await harness.docker.create(
                name: ContainerIdentity.containerName(harness.name("a")), spec: template)
            let (plan, outcomes) = try await harness.apply([manifest])
            #expect(plan.summary.start == 1)
            #expect(outcomes.failures.isEmpty, "\(outcomes.failures)")
            #expect(try await harness.inspect("a")?.id == existing)
            #expect(try await harness.inspect("a")?.state.running == true)
        }
    }

    @Test func foreignAndUnlabelledContainersAreNeverTouched() async throws {
        try await withHarness { harness in
            let unlabelled = try await harness.docker.create(
                name: ContainerIdentity.containerName(harness.name("squatter")),
                spec: ContainerSpec(image: BusyboxImage.reference, cmd: ["sleep", "60"]))
            let foreign = try await harness.docker.create(
                name: ContainerIdentity.containerName(harness.name("theirs")),
                spec: ContainerSpec(
                    image: BusyboxImage.reference, cmd: ["sleep", "60"],
                    labels: [
                        ContainerIdentity.instanceLabel: "someone-else",
                        ContainerIdentity.nameLabel: harness.name("theirs"),
                    ]))
            let (plan, outcomes) = try await harness.apply([harness.gitspace("squatter"), harness.gitspace("mine")])
            #expect(plan.summary.delete == 0, "another instance's container is not ours to delete")
            let refusal = try #require(outcomes.first { $0.action.name == harness.name("squatter") }?.error)
            #expect(refusal.code == .foreignContainer)
            let failure = refusal.description
            #expect(failure.contains("belongs to nobody"))
            let squatter = try #require(try await harness.docker.inspect(unlabelled))
            #expect(squatter.config.labels[ContainerIdentity.instanceLabel] == nil)
            #expect(!squatter.state.running)
            #expect(try await harness.docker.inspect(foreign) != nil)
            #expect(try await harness.inspect("mine")?.state.running == true)
        }
    }

    @Test func aBrokenImageFailsAloneAndTheOthersConverge() async throws {
        try await withHarness { harness in
            let broken = try GitFixture(at: harness.folder.appending("broken"))
            try broken.write(".devcontainer.json", "{\"image\": \"127.0.0.1:1/no/such-image:1\"}")
            try broken.commit("broken image")
            let bad = harness.gitspace("bad").replacingOccurrences(of: harness.source.url, with: broken.url)
            let (_, outcomes) = try await harness.apply([bad, harness.gitspace("good1"), harness.gitspace("good2")])
            #expect(outcomes.count == 3)
            let failure = try #require(outcomes.first { $0.action.name == harness.name("bad") }?.error?.description)
            #expect(failure.contains("127.0.0.1:1/no/such-image:1"))
            #expect(try await harness.inspect("good1")?.state.running == true)
            #expect(try await harness.inspect("good2")?.state.running == true)
        }
    }

    @Test func anUnreadableSourceKeepsTheExistingContainer() async throws {
        try await withHarness { harness in
            try await harness.apply([harness.gitspace("a")])
            let before = try #require(try await harness.inspect("a")).id
            try FileManager.default.removeItem(atPath: harness.source.path)
            try FileManager.default.removeItem(atPath: harness.stateDirectory + "/mirrors")
            let (plan, _) = try await harness.apply([harness.gitspace("a")])
            #expect(!plan.hasChanges, "a fetch failure must not replace or delete")
            #expect(try await harness.inspect("a")?.id == before)
        }
    }
}
