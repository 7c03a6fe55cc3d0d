import DockerEngine
import Foundation
import GitspacesTestSupport
import Testing

@Suite("Containers on a real engine")
struct ContainerLifecycleTests {
    @Test func createdContainerShowsDeclaredResourcesLabelsAndEnvironment() async throws {
        try await BusyboxImage.ensure()
        try await withDockerTestScope { docker, scope in
            let workspace = try TemporaryDirectory()
            defer { workspace.remove() }
            let hostConfig = HostConfig(
                nanoCPUs: 500_000_000, memory: 64 * 1024 * 1024, memorySwap: 128 * 1024 * 1024, pidsLimit: 100,
                binds: ["\(workspace.path):/workspaces/app"],
                mounts: [Mount(type: .tmpfs, source: "", target: "/scratch")], initProcess: true,
                capAdd: ["SYS_PTRACE"], portBindings: ["8080/tcp": [PortBinding(hostIP: "127.0.0.1")]])
            var spec = scope.spec(
                cmd: ["sleep", "600"], env: ["GREETING=hello world", "TZ=Europe/Berlin"],
                extraLabels: ["dev.gitspaces.name": "alice"], hostConfig: hostConfig)
            spec.exposedPorts = ["8080/tcp"]
            spec.workingDir = "/tmp"
            let name = scope.name("create")
            let id = try await docker.create(name: name, spec: spec)

            let details = try #require(try await docker.inspect(name))
            #expect(details.id == id)
            #expect(details.name == name)
            #expect(details.hostConfig.nanoCPUs == 500_000_000)
            #expect(details.hostConfig.memory == 64 * 1024 * 1024)
            #expect(details.hostConfig.memorySwap == 128 * 1024 * 1024)
            #expect(details.hostConfig.pidsLimit == 100)
            #expect(details.hostConfig.initProcess == true)
            #expect(details.hostConfig.capAdd == ["SYS_PTRACE"])
            #expect(details.hostConfig.binds == ["\(workspace.path):/workspaces/app"])
            #expect(details.hostConfig.mounts == [Mount(type: .tmpfs, source: "", target: "/scratch")])
            #expect(
                details.mounts.contains {
                    $0.type == "bind" && $0.source == workspace.path && $0.destination == "/workspaces/app"
                        && $0.readWrite
                })
            #expect(details.hostConfig.portBindings["8080/tcp"] == [PortBinding(hostIP: "127.0.0.1")])
            #expect(details.config.labels["dev.gitspaces.name"] == "alice")
            #expect(details.config.labels[TestRun.labelKey] == TestRun.id)
            #expect(details.config.env.contains("GREETING=hello world"))
            #expect(details.config.env.contains("TZ=Europe/Berlin"))
            #expect(details.config.cmd == ["sleep", "600"])
            #expect(details.config.workingDir == "/tmp")
            #expect(details.config.exposedPorts == ["8080/tcp"])
            #expect(details.state.status == "created")
            #expect(!details.state.running)
            #expect(details.state.startedAt == nil)
            let created = try #require(details.created)
            #expect(abs(created.timeIntervalSinceNow) < 120)
            #expect(details.imageID.hasPrefix("sha256:"))

            #expect(try await docker.remove(id, force: true, volumes: true))
        }
    }

    @Test func startUpdateStopRemoveKeepsTheSameContainer() async throws {
        try await BusyboxImage.ensure()
        try await withDockerTestScope { docker, scope in
            let spec = scope.spec(
                cmd: ["sleep", "600"],
                hostConfig: HostConfig(
                    nanoCPUs: 500_000_000, memory: 64 * 1024 * 1024, memorySwap: 64 * 1024 * 1024, initProcess: true))
            let name = scope.name("lifecycle")
            let id = try await docker.create(name: name, spec: spec)

            try await docker.start(id)
            let running = try #require(try await docker.inspect(id))
            #expect(running.state.running)
            #expect(running.state.status == "running")
            #expect(running.state.startedAt != nil)
            try await docker.start(id)  // 304: already started is fine

            try await docker.update(
                id, nanoCPUs: 1_500_000_000, memory: 128 * 1024 * 1024, memorySwap: 256 * 1024 * 1024)
            let updated = try #require(try await docker.inspect(name))
            #expect(updated.id == id)
            #expect(updated.state.running)
            #expect(updated.state.startedAt == running.state.startedAt)
            #expect(updated.hostConfig.nanoCPUs == 1_500_000_000)
            #expect(updated.hostConfig.memory == 128 * 1024 * 1024)
            #expect(updated.hostConfig.memorySwap == 256 * 1024 * 1024)

            try await docker.stop(id, timeout: 5)
            let stopped = try #require(try await docker.inspect(id))
            // The init process forwards SIGTERM: the container ended on it (143), not on the SIGKILL
            // the engine sends when the timeout runs out (137).
            #expect(stopped.state.exitCode == 143)
            #expect(!stopped.state.running)
            #expect(stopped.state.status == "exited")
            #expect(stopped.state.finishedAt != nil)
            try await docker.stop(id, timeout: 1)  // 304: already stopped is fine

            #expect(try await docker.remove(id))
            #expect(try await docker.inspect(id) == nil)
            #expect(try await docker.inspect(name) == nil)
            #expect(try await docker.remove(id) == false)
        }
    }

    @Test func creatingATakenNameIsAConflictWithTheEnginesMessage() async throws {
        try await BusyboxImage.ensure()
        try await withDockerTestScope { docker, scope in
            let name = scope.name("conflict")
            let first = try await docker.create(name: name, spec: scope.spec(cmd: ["true"]))
            let error = try await #require(throws: EngineError.self) {
                try await docker.create(name: name, spec: scope.spec(cmd: ["true"]))
            }
            #expect(error.code == .conflict)
            #expect(error.status == 409)
            #expect(error.message.contains("is already in use"))
            #expect(error.message.contains(name))
            #expect(error.operation == "container create \(name)")
            #expect(error.description.contains("conflict, HTTP 409"))
            // Still exactly one container of that name: the first.
            #expect(try await docker.inspect(name)?.id == first)
        }
    }

    @Test func creatingFromAMissingImageIsNotFound() async throws {
        try await withDockerTestScope { docker, scope in
            let error = try await #require(throws: EngineError.self) {
                try await docker.create(
                    name: scope.name("noimage"),
                    spec: ContainerSpec(image: "gitspaces-test/no-such-image:\(scope.caseID)", labels: scope.labels))
            }
            #expect(error.code == .notFound)
            #expect(error.message.contains("No such image"))
        }
    }

    @Test func listWithLabelFilterReturnsExactlyTheLabelledContainers() async throws {
        try await BusyboxImage.ensure()
        try await withDockerTestScope { docker, scope in
            let owner = "instance-\(scope.caseID)"
            let mine = try await docker.create(
                name: scope.name("mine-a"),
                spec: scope.spec(cmd: ["sleep", "600"], extraLabels: ["dev.gitspaces.instance": owner]))
            let mineToo = try await docker.create(
                name: scope.name("mine-b"),
                spec: scope.spec(
                    cmd: ["sleep", "600"],
                    extraLabels: ["dev.gitspaces.instance": owner, "dev.gitspaces.name": "bob"]))
            // Same key, other value: another daemon's container.
            let foreign = try await docker.create(
                name: scope.name("foreign"),
                spec: scope.spec(cmd: ["sleep", "600"], extraLabels: ["dev.gitspaces.instance": "other-\(owner)"]))
            // Without the key at all (still carrying the test labels, so cleanup finds it).
            let unlabelled = try await docker.create(name: scope.name("plain"), spec: scope.spec(cmd: ["true"]))
            try await docker.start(mine)

            let listed = try await docker.list(labels: ["dev.gitspaces.instance": owner])
            #expect(Set(listed.map(\.id)) == [mine, mineToo])
            #expect(!listed.contains { $0.id == foreign || $0.id == unlabelled })

            let bob = try await docker.list(labels: ["dev.gitspaces.instance": owner, "dev.gitspaces.name": nil])
            #expect(bob.map(\.id) == [mineToo])

            let runningOnly = try await docker.list(labels: ["dev.gitspaces.instance": owner], all: false)
            #expect(runningOnly.map(\.id) == [mine])

            let summary = try #require(listed.first { $0.id == mine })
            #expect(summary.name == scope.name("mine-a"))
            #expect(summary.image == BusyboxImage.reference)
            #expect(summary.imageID.hasPrefix("sha256:"))
            #expect(summary.state == "running")
            #expect(summary.status.hasPrefix("Up"))
            #expect(summary.labels["dev.gitspaces.instance"] == owner)
            #expect(abs(summary.created.timeIntervalSinceNow) < 120)

            let everyTestContainer = try await docker.list(labels: [DockerTestScope.caseLabelKey: scope.caseID])
            #expect(Set(everyTestContainer.map(\.id)) == [mine, mineToo, foreign, unlabelled])
        }
    }

    @Test func startingAContainerThatAsksForGPUsWithoutAGPURuntimeIsNoGPURuntime() async throws {
        try await BusyboxImage.ensure()
        try await withDockerTestScope { docker, scope in
            let info = try await docker.info()
            try #require(!info.hasGPURuntime, "this engine has a GPU runtime; the test needs one without")
            let id = try await docker.create(
                name: scope.name("gpu"),
                spec: scope.spec(
                    cmd: ["true"], hostConfig: HostConfig(deviceRequests: [.gpus()])))
            let inspected = try #require(try await docker.inspect(id))
            #expect(inspected.hostConfig.deviceRequests == [.gpus()])
            let error = try await #require(throws: EngineError.self) { try await docker.start(id) }
            #expect(error.code == .noGPURuntime)
            #expect(error.message.contains("could not select device driver"))

            let required = try await #require(throws: EngineError.self) { try await docker.requireGPURuntime() }
            #expect(required.code == .noGPURuntime)
            #expect(required.message.contains("runc"))
        }
    }
}
