import DockerEngine
import Foundation
import GitspacesTestScope
import GitspacesTestSupport
import Testing

/// The swarm calls of `DockerClient`, decoded from a real manager's answers.
extension SwarmSuites {
    @Suite("Swarm engine API", .onWidePool)
    struct SwarmEngineAPITests {
        @Test func theManagerReportsItsSwarmAndEveryNodeWithLabelsStateAndResources() async throws {
            let cluster = try await SharedTestSwarm.cluster()
            try await DockerClient.withClient(host: cluster.managerEndpoint) { manager in
                let info = try await manager.swarmInfo()
                #expect(info.isActive)
                #expect(info.controlAvailable)
                #expect(info.nodeID == cluster.nodes[0].nodeID)

                let nodes = try await manager.listNodes()
                #expect(Set(nodes.map(\.id)) == Set(cluster.nodes.map(\.nodeID)))
                for node in nodes {
                    let endpoint = cluster.nodes.first { $0.nodeID == node.id }?.endpoint
                    #expect(node.labels[SwarmCluster.engineLabel] == endpoint)
                    #expect(node.isSchedulable)
                    #expect(node.nanoCPUs > 0 && node.memoryBytes > 0)
                }
                #expect(nodes.first { $0.id == cluster.nodes[0].nodeID }?.role == "manager")
                #expect(try await manager.inspectNode("no-such-node") == nil)
            }
            // A worker is no manager: it cannot answer for the swarm.
            try await DockerClient.withClient(host: cluster.nodes[1].endpoint) { worker in
                let info = try await worker.swarmInfo()
                #expect(info.controlAvailable == false)
            }
        }

        @Test func aServiceIsCreatedPinnedToANodeUpdatedByVersionAndRemoved() async throws {
            let cluster = try await SharedTestSwarm.cluster()
            let worker = cluster.nodes[1]
            let name = "gitspaces-test-api-\(UUID().uuidString.lowercased().prefix(8))"
            let labels = ["dev.gitspaces.test-run": "swarm-api", "dev.gitspaces.name": name]
            let amount = ServiceResources.Amount(nanoCPUs: 250_000_000, memoryBytes: 64 * 1024 * 1024)
            let spec = ServiceSpec(
                name: name, labels: labels,
                taskTemplate: .init(
                    containerSpec: ServiceContainerSpec(
                        image: BusyboxImage.reference, labels: labels, command: ["sleep", "600"], initProcess: true),
                    resources: ServiceResources(limits: amount, reservations: amount),
                    restartPolicy: .init(condition: "any"), constraints: ["node.id==\(worker.nodeID)"]),
                replicas: 1, updateConfig: .init(order: "stop-first"))

            try await DockerClient.withClient(host: cluster.managerEndpoint) { manager in
                let id = try await manager.createService(spec)
                do {
                    try await checkLifecycle(manager, id: id, spec: spec, worker: worker)
                } catch {
                    _ = try? await manager.removeService(id)
                    throw error
                }
            }
        }

        private func checkLifecycle(_ manager: DockerClient, id: String, spec: ServiceSpec, worker: SwarmNode)
            async throws
        {
            var spec = spec
            let name = spec.name
            let labels = spec.labels
            do {
                let created = try #require(try await manager.inspectService(name))
                #expect(created.id == id)
                #expect(created.spec.labels == labels)
                #expect(created.spec.replicas == 1)
                #expect(created.spec.taskTemplate.constraints == ["node.id==\(worker.nodeID)"])
                #expect(created.spec.taskTemplate.resources == spec.taskTemplate.resources)
                #expect(created.spec.updateConfig?.order == "stop-first")
                #expect(try await manager.listServices(labels: ["dev.gitspaces.name": name]).map(\.id) == [id])

                let task = try await waitForRunningTask(manager, service: name)
                #expect(task.nodeID == worker.nodeID)
                let containerID = try #require(task.containerID)
                // The task's container lives on the worker's own engine, with the service's container labels.
                try await DockerClient.withClient(host: worker.endpoint) { node in
                    let container = try #require(try await node.inspect(containerID))
                    #expect(container.config.labels["dev.gitspaces.name"] == name)
                }

                spec.replicas = 0
                try await manager.updateService(id, version: created.version, spec: spec)
                let scaled = try #require(try await manager.inspectService(id))
                #expect(scaled.spec.replicas == 0)
                #expect(scaled.version.index > created.version.index)
                // An update against the old index is refused: two writers never silently overwrite each other.
                await #expect(throws: EngineError.self) {
                    try await manager.updateService(id, version: created.version, spec: spec)
                }

                #expect(try await manager.removeService(id))
                #expect(try await manager.inspectService(id) == nil)
                #expect(try await manager.removeService(id) == false)
            }
        }

        @Test func filesReachANamedVolumeOnANodeAndComeBackThroughTheArchiveAPI() async throws {
            let cluster = try await SharedTestSwarm.cluster()
            let volume = "gitspaces-test-archive-\(UUID().uuidString.lowercased().prefix(8))"
            try await DockerClient.withClient(host: cluster.nodes[1].endpoint) { node in
                try await node.createVolume(name: volume, labels: ["dev.gitspaces.test-run": "swarm-api"])
                var host = HostConfig(initProcess: true)
                host.mounts = [Mount(type: .volume, source: volume, target: "/workspace")]
                let helper = try await node.create(
                    name: nil,
                    spec: ContainerSpec(image: BusyboxImage.reference, cmd: ["true"], hostConfig: host))
                do {
                    var tar = TarArchive()
                    tar.addFile("src/README.md", contents: "from the mirror\n")
                    try await node.putArchive(helper, path: "/workspace", tar: tar.bytes)
                    let back = try await node.getArchive(helper, path: "/workspace/src/README.md")
                    #expect(String(decoding: back, as: UTF8.self).contains("from the mirror"))
                    await #expect(throws: EngineError.self) {
                        _ = try await node.getArchive(helper, path: "/workspace/missing")
                    }
                } catch {
                    _ = try? await node.remove(helper, force: true)
                    _ = try? await node.removeVolume(volume)
                    throw error
                }
                _ = try await node.remove(helper, force: true)
                #expect(try await node.removeVolume(volume))
            }
        }

        private func waitForRunningTask(_ manager: DockerClient, service: String) async throws -> SwarmTask {
            for _ in 0..<150 {
                if let task = try await manager.listTasks(service: service).first(where: { $0.state == "running" }) {
                    return task
                }
                try await Task.sleep(for: .milliseconds(200))
            }
            Issue.record("no task of \(service) reached running within 30 s")
            throw CancellationError()
        }
    }
}
