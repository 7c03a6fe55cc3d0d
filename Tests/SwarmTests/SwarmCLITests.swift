import DockerEngine
import Foundation
import GitspacesTestScope
import GitspacesTestSupport
import Testing

/// `gitspaces … --backend swarm` through the built binary, against the test swarm.
extension SwarmSuites {
    @Suite("gitspaces on a swarm", .onWidePool)
    struct SwarmCLITests {
        @Test func applyPlacesOnANodeExecReachesItAndACleanupLeavesNoService() async throws {
            let cluster = try await SharedTestSwarm.cluster()
            let fixture = try SwarmFixture(cluster: cluster)
            defer { fixture.remove() }
            try fixture.writeManifest(name: fixture.name, cpus: "0.5")

            let applied = try await fixture.gitspaces(["apply", fixture.config])
            #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
            let service = try cluster.manager([
                "service", "inspect", "gitspace-\(fixture.name)", "--format",
                "{{index .Spec.Labels \"dev.gitspaces.instance\"}} {{.Spec.Mode.Replicated.Replicas}} {{json .Spec.TaskTemplate.Placement.Constraints}} {{.Spec.TaskTemplate.Resources.Reservations.NanoCPUs}} {{.Spec.TaskTemplate.Resources.Limits.NanoCPUs}} {{.Spec.UpdateConfig.Order}}",
            ])
            let fields = service.split(separator: " ").map(String.init)
            #expect(fields.count == 6, "\(service)")
            #expect(fields.first == fixture.instance)
            #expect(fields.dropFirst().first == "1")
            #expect(fields.dropFirst(3).prefix(2) == ["500000000", "500000000"])
            #expect(fields.last == "stop-first")
            let nodeID = try #require(
                fields.dropFirst(2).first?.split(separator: "=").last.map { String($0.dropLast(2)) })
            let node = try #require(cluster.nodes.first { $0.nodeID == nodeID }, "pinned to \(nodeID)")

            // exec goes to the node's own engine, and lands in the container the swarm runs there.
            let exec = try await fixture.gitspaces(["exec", fixture.name, "--", "sh", "-c", "hostname; cat README.md"])
            #expect(exec.status == 0, "\(exec.stderr)")
            #expect(exec.stdout == "\(fixture.name)\nhello\n")
            let onNode = try node.docker([
                "ps", "--filter", "label=dev.gitspaces.name=\(fixture.name)", "--format", "{{.Names}}",
            ])
            #expect(onNode.hasPrefix("gitspace-\(fixture.name)."))

            let diff = try await fixture.gitspaces(["diff", fixture.config])
            #expect(diff.status == 0, "\(diff.stdout)\(diff.stderr)")
            let status = try await fixture.gitspaces(["status"])
            #expect(status.stdout.contains(fixture.name) && status.stdout.contains("Running"), "\(status.stdout)")

            // cpus change in place: the service keeps its node and takes the new reservation.
            try fixture.writeManifest(name: fixture.name, cpus: "1")
            let updated = try await fixture.gitspaces(["apply", fixture.config])
            #expect(updated.status == 0 && updated.stdout.contains("update \(fixture.name)"), "\(updated.stdout)")
            #expect(
                try cluster.manager([
                    "service", "inspect", "gitspace-\(fixture.name)", "--format",
                    "{{.Spec.TaskTemplate.Resources.Reservations.NanoCPUs}} {{json .Spec.TaskTemplate.Placement.Constraints}}",
                ]) == "1000000000 [\"node.id==\(nodeID)\"]")

            try FileManager.default.removeItem(atPath: fixture.config + "/gitspace.yaml")
            let deleted = try await fixture.gitspaces(["apply", fixture.config, "--allow-mass-delete"])
            #expect(deleted.status == 0, "\(deleted.stdout)\(deleted.stderr)")
            #expect(try cluster.manager(["service", "ls", "-q", "--filter", "name=gitspace-\(fixture.name)"]).isEmpty)
        }

        @Test func withoutASwarmManagerTheSwarmBackendRefusesAndSaysWhy() async throws {
            let cluster = try await SharedTestSwarm.cluster()
            let fixture = try SwarmFixture(cluster: cluster, host: cluster.nodes[1].endpoint)
            defer { fixture.remove() }
            try fixture.writeManifest(name: fixture.name, cpus: "0.5")
            let diff = try await fixture.gitspaces(["diff", fixture.config])
            #expect(diff.status > 1)
            #expect(diff.stderr.contains("--backend swarm needs a swarm manager"), "\(diff.stderr)")
        }
    }
}

/// A source repository, a config folder, a state folder and an instance for one swarm CLI test.
struct SwarmFixture {
    let folder: TemporaryDirectory
    let name: String
    let instance: String
    let host: String
    var config: String { folder.appending("config") }
    var source: String { folder.appending("source") }

    init(cluster: SwarmCluster, host: String? = nil) throws {
        folder = try TemporaryDirectory()
        let id = String(UUID().uuidString.lowercased().prefix(8))
        name = "sw-\(id)"
        instance = "swarm-cli-\(id)"
        self.host = host ?? cluster.managerEndpoint
        let repository = try GitFixture(at: source)
        try repository.write(".devcontainer/devcontainer.json", "{\"image\": \"\(BusyboxImage.reference)\"}")
        try repository.write("README.md", "hello\n")
        try repository.commit("source")
        try FileManager.default.createDirectory(atPath: config, withIntermediateDirectories: true)
    }

    func writeManifest(name: String, cpus: String) throws {
        let manifest = """
            apiVersion: gitspaces/v1
            kind: Gitspace
            metadata: {name: \(name)}
            spec:
              repo: file://\(source)
              hardware: {cpus: \(cpus), memory: 64Mi}

            """
        try manifest.write(toFile: config + "/gitspace.yaml", atomically: true, encoding: .utf8)
    }

    /// `gitspaces SUBCOMMAND --backend swarm --docker-host … --instance … --state-dir … ARGS`.
    func gitspaces(_ args: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
        let global = [
            "--backend", "swarm", "--docker-host", host, "--instance", instance, "--state-dir",
            folder.appending("state"),
        ]
        let separator = args.firstIndex(of: "--") ?? args.endIndex
        let command = Array(args.prefix(1)) + global + args[1..<separator] + args[separator...]
        return try await run(GitspacesBinary.path, command, env: ["NO_COLOR": "1"], check: false)
    }

    func remove() {
        _ = try? run(
            "sh",
            [
                "-c",
                "docker -H \"$1\" service ls -q --filter label=dev.gitspaces.instance=\"$2\" | xargs -r docker -H \"$1\" service rm",
                "rm", host, instance,
            ], check: false)
        folder.remove()
    }
}

/// The built `gitspaces` binary next to the test bundle.
enum GitspacesBinary {
    static let path: String = {
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidate = products.appendingPathComponent("gitspaces").path
        return FileManager.default.isExecutableFile(atPath: candidate)
            ? candidate : products.deletingLastPathComponent().appendingPathComponent("gitspaces").path
    }()
}
