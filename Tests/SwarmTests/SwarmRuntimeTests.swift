import DockerEngine
import Foundation
import GitspacesCore
import GitspacesTestScope
import GitspacesTestSupport
import Reconciler
import Testing

/// `SwarmRuntime`, the swarm behind the engine seam, against the test swarm.
extension SwarmSuites {
    @Suite("Swarm runtime", .onWidePool)
    struct SwarmRuntimeTests {
        static let instance = "swarm-test-\(UUID().uuidString.lowercased().prefix(8))"

        static func spec(_ name: String, cpus: Int64) -> ContainerSpec {
            let labels = [
                ContainerIdentity.nameLabel: name, ContainerIdentity.instanceLabel: instance,
                "dev.gitspaces.test-run": instance,
            ]
            return ContainerSpec(
                image: BusyboxImage.reference, cmd: [], entrypoint: ContainerTemplate.keepAlive, labels: labels,
                hostname: name,
                hostConfig: HostConfig(nanoCPUs: cpus, memory: 64 << 20, memorySwap: 64 << 20, initProcess: true))
        }

        @Test func gitspacesArePlacedAcrossNodesRunOnTheirNodeAndArePendingWhenNothingFits() async throws {
            let cluster = try await SharedTestSwarm.cluster()
            try await DockerClient.withClient(host: cluster.managerEndpoint) { manager in
                let runtime = SwarmRuntime(manager: manager)
                let (first, second, third) = (
                    "gitspace-\(Self.instance)-a", "gitspace-\(Self.instance)-b", "gitspace-\(Self.instance)-c"
                )
                do {
                    // Every test node has the machine's cpus; 1.5 of them fill one node so the next Gitspace goes
                    // elsewhere.
                    let capacity = try await runtime.placementNodes().map(\.capacity.cpus.millis).min() ?? 0
                    let large = Int64(capacity - 500) * 1_000_000
                    let firstID = try await runtime.createContainer(named: first, spec: Self.spec(first, cpus: large))
                    try await runtime.startContainer(firstID)
                    let secondID = try await runtime.createContainer(
                        named: second, spec: Self.spec(second, cpus: large))
                    try await runtime.startContainer(secondID)

                    let firstNode = try #require(
                        try await manager.inspectService(first).flatMap { SwarmRuntime.pinnedNode($0.spec) })
                    let secondNode = try #require(
                        try await manager.inspectService(second).flatMap { SwarmRuntime.pinnedNode($0.spec) })
                    #expect(firstNode != secondNode)
                    // Ties go to the smaller node id.
                    #expect(firstNode == cluster.nodes.map(\.nodeID).min())

                    // Each container lives on its node's own engine, and exec goes there.
                    for (name, nodeID) in [(first, firstNode), (second, secondNode)] {
                        let details = try #require(try await runtime.container(name))
                        let node = try #require(cluster.nodes.first { $0.nodeID == nodeID })
                        #expect(try node.docker(["inspect", "--format", "{{.State.Running}}", details.id]) == "true")
                        let result = try await runtime.run(
                            ["sh", "-c", "echo \(name) > /tmp/mark"], in: name, user: nil, workingDir: nil, env: [],
                            output: nil
                        )
                        #expect(result.exitCode == 0)
                        #expect(try node.docker(["exec", details.id, "cat", "/tmp/mark"]) == name)
                    }

                    await #expect {
                        _ = try await runtime.createContainer(named: third, spec: Self.spec(third, cpus: large))
                    } throws: { error in
                        let message = "\(error)"
                        return error is SwarmPlacementError && message.contains("is Pending: no node has")
                            && message.contains("cpus free; largest free: 0.5 on node")
                    }
                    #expect(try await manager.inspectService(third) == nil)

                    try await runtime.stopContainer(firstID, timeout: 1)
                    let listed = try await runtime.containers(labelled: [ContainerIdentity.instanceLabel: Self.instance]
                    )
                    #expect(listed.first { $0.id == first }?.state == "exited")
                    #expect(listed.first { $0.id == second }?.state == "running")
                } catch {
                    await Self.cleanUp(runtime, manager)
                    throw error
                }
                await Self.cleanUp(runtime, manager)
                // A look that fails (the engine busy with the removals) is not yet; a timeout records its error.
                try await eventually("this suite's services removed", seconds: 60) {
                    try await manager.listServices(labels: ["dev.gitspaces.test-run": Self.instance]).isEmpty
                }
            }
        }

        @Test func aGitspaceWhoseNodeIsDrainedReadsNodeDownAndIsNotStartedElsewhere() async throws {
            let cluster = try await SharedTestSwarm.cluster()
            try await DockerClient.withClient(host: cluster.managerEndpoint) { manager in
                let runtime = SwarmRuntime(manager: manager)
                let name = "gitspace-\(Self.instance)-d"
                var drained: String?
                do {
                    let id = try await runtime.createContainer(named: name, spec: Self.spec(name, cpus: 250_000_000))
                    let service = try #require(try await manager.inspectService(name))
                    let node = try #require(SwarmRuntime.pinnedNode(service.spec))
                    try cluster.manager(["node", "update", "--availability", "drain", node])
                    drained = node

                    await #expect {
                        try await runtime.startContainer(id)
                    } throws: { error in
                        "\(error)".contains("NodeDown: its node") && "\(error)".contains(node)
                            && "\(error)".contains("is set to drain")
                    }
                    let tasks = try await manager.listTasks(service: name)
                    #expect(!tasks.contains { $0.desiredState == "running" }, "nothing started on another node")
                    // Nor removed (a replace or a delete) while its node, which holds the workspace, is away.
                    await #expect(throws: SwarmNodeDown.self) {
                        try await runtime.removeContainer(id, withVolumes: true)
                    }
                    #expect(try await manager.inspectService(name) != nil)
                    let report = try await runtime.nodeReport(instance: Self.instance)
                    #expect(report.down[name]?.nodeID == node)
                    #expect(
                        report.excluded.contains { $0.contains(node) && $0.contains("drain") }, "\(report.excluded)")

                    try cluster.manager(["node", "update", "--availability", "active", node])
                    drained = nil
                    try await runtime.startContainer(id)
                    let running = try await manager.listTasks(service: name).filter { $0.state == "running" }
                    #expect(running.map(\.nodeID) == [node])
                } catch {
                    if let drained {
                        _ = try? cluster.manager(["node", "update", "--availability", "active", drained])
                    }
                    await Self.cleanUp(runtime, manager)
                    throw error
                }
                await Self.cleanUp(runtime, manager)
            }
        }

        /// Removes this suite's services and closes the node engines' clients (`withClient` closes the manager's).
        static func cleanUp(_ runtime: SwarmRuntime, _ manager: DockerClient) async {
            if let services = try? await manager.listServices(labels: ["dev.gitspaces.test-run": instance]) {
                for service in services { try? await runtime.removeContainer(service.spec.name, withVolumes: true) }
            }
            await runtime.engines.shutdown()
        }
    }
}

/// A node engine on `tcp://` with `--tlsverify`, reached with the certificates of `DOCKER_CERT_PATH`.
extension SwarmSuites {
    @Suite("Swarm node engines over TLS", .onWidePool)
    struct SwarmTLSTests {
        @Test func aNodeEngineOnTCPWithTLSIsReachedWithTheCertificatesOfDockerCertPath() async throws {
            let cluster = try await SharedTestSwarm.cluster()
            let (managerNode, worker) = (cluster.nodes[0], cluster.nodes[1])
            let folder = try TemporaryDirectory()
            defer { folder.remove() }
            let certificates = try await Self.makeCertificates(in: folder.path, address: worker.address)
            let tcp = "tcp://\(worker.address):2376"
            // The worker's engine again, with a TLS listener besides its socket.
            worker.stopEngine()
            try worker.startEngine(extraArguments: [
                "-H", tcp, "--tlsverify", "--tlscacert", "\(certificates)/ca.pem", "--tlscert",
                "\(certificates)/server.pem", "--tlskey", "\(certificates)/server-key.pem",
            ])
            try worker.waitForEngine()
            try cluster.manager(["node", "update", "--label-add", "\(SwarmCluster.engineLabel)=\(tcp)", worker.nodeID])
            try await DockerClient.withClient(host: cluster.managerEndpoint) { manager in
                let runtime = SwarmRuntime(manager: manager, engines: NodeEngines(certificatePath: certificates))
                let plain = SwarmRuntime(manager: manager, engines: NodeEngines(certificatePath: nil))
                let name = "gitspace-\(SwarmRuntimeTests.instance)-tls"
                var drained = false
                do {
                    try await Self.waitUntilReady(manager, node: worker.nodeID)
                    try cluster.manager(["node", "update", "--availability", "drain", managerNode.nodeID])
                    drained = true
                    let id = try await runtime.createContainer(
                        named: name, spec: SwarmRuntimeTests.spec(name, cpus: 250_000_000))
                    try await runtime.startContainer(id)
                    try cluster.manager(["node", "update", "--availability", "active", managerNode.nodeID])
                    drained = false

                    let result = try await runtime.run(
                        ["hostname"], in: name, user: nil, workingDir: nil, env: [], output: nil)
                    #expect(result.exitCode == 0 && result.stdout == "\(name)\n", "\(result)")
                    #expect(try await runtime.container(name)?.state.running == true)
                    // Without the certificates, the TLS listener does not answer plain HTTP.
                    await #expect(throws: (any Error).self) {
                        _ = try await plain.run(["true"], in: name, user: nil, workingDir: nil, env: [], output: nil)
                    }
                } catch {
                    if drained {
                        _ = try? cluster.manager(["node", "update", "--availability", "active", managerNode.nodeID])
                    }
                    try? await runtime.removeContainer(name, withVolumes: true)
                    _ = try? cluster.manager([
                        "node", "update", "--label-add", "\(SwarmCluster.engineLabel)=\(worker.endpoint)",
                        worker.nodeID,
                    ])
                    await runtime.engines.shutdown()
                    await plain.engines.shutdown()
                    throw error
                }
                try await runtime.removeContainer(name, withVolumes: true)
                try cluster.manager([
                    "node", "update", "--label-add", "\(SwarmCluster.engineLabel)=\(worker.endpoint)", worker.nodeID,
                ])
                await runtime.engines.shutdown()
                await plain.engines.shutdown()
            }
        }

        static func waitUntilReady(_ manager: DockerClient, node: String) async throws {
            for _ in 0..<300 {
                if try await manager.inspectNode(node)?.isSchedulable == true { return }
                try await Task.sleep(for: .milliseconds(200))
            }
            Issue.record("node \(node) did not come back ready")
        }

        /// A CA, a server certificate for `address` and a client certificate, made with openssl: the folder holds
        /// the client's `ca.pem`, `cert.pem` and `key.pem` (as DOCKER_CERT_PATH) and the server's files.
        static func makeCertificates(in folder: String, address: String) async throws -> String {
            let script = """
                set -e
                cd "$1"
                openssl req -x509 -newkey rsa:2048 -nodes -keyout ca-key.pem -out ca.pem -days 2 -subj /CN=test-ca
                openssl req -newkey rsa:2048 -nodes -keyout server-key.pem -out server.csr -subj /CN=node
                printf 'subjectAltName=IP:%s\\nextendedKeyUsage=serverAuth\\n' "$2" > server.ext
                openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out server.pem \\
                    -days 2 -extfile server.ext
                openssl req -newkey rsa:2048 -nodes -keyout key.pem -out client.csr -subj /CN=client
                printf 'extendedKeyUsage=clientAuth\\n' > client.ext
                openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out cert.pem \\
                    -days 2 -extfile client.ext
                """
            try await run("sh", ["-c", script, "certs", folder, address])
            return folder
        }
    }
}
