import DockerEngine
import Foundation
import GitspacesTestSupport
import Reconciler
import Testing

/// `make image`'s script, run on the debug binary: the image runs the daemon the way the README says (engine
/// socket and state directory mounted, the state directory at the same path), and a Gitspace converges.
@Suite(.serialized) struct ContainerImageTests {
    static let script = Binary.repositoryRoot + "/scripts/build-image.sh"

    /// Builds the image under a tag of this run; the runtime base is built once per engine and kept.
    static func buildImage(_ tag: String) async throws {
        try await run(script, [Binary.path, "0.0.0-test", tag], env: ["GITSPACES_REVISION": "test-revision"])
    }

    // Generous: a fresh engine builds the runtime base first (debootstrap, a minute or two), and the suite runs
    // this beside everything else on two cores.
    @Test(.timeLimit(.minutes(10)))
    func theDaemonRunsFromTheImageAndAGitspaceConverges() async throws {
        let id = String(UUID().uuidString.lowercased().prefix(8))
        let tag = "gitspaces/gitspaces:test-\(id)"
        let instance = "image-\(id)"
        let daemon = "gitspaces-image-test-\(id)"
        let folder = try TemporaryDirectory()
        let docker = try DockerClient()
        defer { folder.remove() }
        do {
            try await Self.converge(tag: tag, instance: instance, daemon: daemon, folder: folder, docker: docker)
        } catch {
            await Self.cleanup(tag: tag, instance: instance, daemon: daemon, docker: docker)
            throw error
        }
        await Self.cleanup(tag: tag, instance: instance, daemon: daemon, docker: docker)
    }

    static func converge(
        tag: String, instance: String, daemon: String, folder: TemporaryDirectory, docker: DockerClient
    ) async throws {
        try await BusyboxImage.ensure()
        try await buildImage(tag)
        let labels = try #require(try await docker.inspectImage(tag)).config.labels
        #expect(labels["org.opencontainers.image.version"] == "0.0.0-test")
        #expect(labels["org.opencontainers.image.revision"] == "test-revision")
        #expect(labels["org.opencontainers.image.source"]?.hasPrefix("https://") == true)

        let source = try GitFixture(at: folder.appending("source"))
        try source.write(".devcontainer/devcontainer.json", "{\"image\": \"\(BusyboxImage.reference)\"}\n")
        try source.write("README.md", "from the source repository\n")
        try source.commit("source")
        let config = try GitFixture(at: folder.appending("config"))
        let name = "img-\(instance)"
        try config.write(
            "gitspaces/\(name).yaml",
            """
            apiVersion: gitspaces/v1
            kind: Gitspace
            metadata: {name: \(name)}
            spec:
              repo: \(source.url)
              hardware: {cpus: 0.5, memory: 64Mi}
            """)
        try config.commit("config")
        let state = folder.appending("state")
        let port = try freeLoopbackPort()
        let common = [
            "--label", "test.run=\(instance)", "-v", "/var/run/docker.sock:/var/run/docker.sock",
        ]
        let arguments = [
            "daemon", "--repo", config.url, "--instance", instance, "--interval", "2s",
            "--listen", "127.0.0.1:\(port)",
        ]

        // The state directory at another path inside than outside: refused before the daemon starts, with the fix.
        let elsewhere = try await run(
            "docker",
            ["run", "--rm"] + common + ["-v", "\(folder.path):/srv/gitspaces", tag] + arguments
                + ["--state-dir", "/srv/gitspaces/state"], check: false)
        #expect(elsewhere.status == 2, "\(elsewhere.stdout)\(elsewhere.stderr)")
        #expect(
            elsewhere.stderr.contains("-v \(folder.path)/state:\(folder.path)/state"), "\(elsewhere.stderr)")
        let applyElsewhere = try await run(
            "docker",
            ["run", "--rm"] + common + [
                "-v", "\(folder.path):/srv/gitspaces", "-v", "\(folder.path):\(folder.path):ro", tag,
            ]
                + ["apply", "--repo", config.url, "--instance", instance, "--state-dir", "/srv/gitspaces/apply-state"],
            check: false)
        #expect(applyElsewhere.status == 2, "\(applyElsewhere.stdout)\(applyElsewhere.stderr)")
        #expect(applyElsewhere.stderr.contains("--state-dir \(folder.path)/apply-state"), "\(applyElsewhere.stderr)")

        // As the README says: the socket, and the state directory (here with the repositories) at the same path.
        try await run(
            "docker",
            ["run", "-d", "--name", daemon, "--network", "host"] + common + [
                "-v", "\(folder.path):\(folder.path)", tag,
            ]
                + arguments + ["--state-dir", state])
        let deadline = ContinuousClock.now + .seconds(120)
        var running: ContainerSummary?
        while ContinuousClock.now < deadline {
            running = try await docker.list(labels: [ContainerIdentity.instanceLabel: instance]).first {
                $0.state == "running"
            }
            if running != nil { break }
            if try await docker.inspect(daemon)?.state.running != true { break }
            try await Task.sleep(for: .milliseconds(500))
        }
        let logs = try await run("docker", ["logs", daemon], check: false)
        let container = try #require(running, "no Gitspace ran; the daemon said:\n\(logs.stdout)\(logs.stderr)")
        #expect(container.names.contains { $0.hasSuffix("gitspace-\(name)") }, "\(container.names)")

        // The workspace the daemon cloned under the state directory is what the Gitspace sees.
        let readme = try await docker.exec(container.id, command: ["cat", "/workspaces/source/README.md"])
        #expect(readme.stdout == "from the source repository\n", "\(readme.stderr)")
        #expect(FileManager.default.fileExists(atPath: StateLayout.formatFile(stateDirectory: state)))
        let status = try await run("curl", ["-fsS", "http://127.0.0.1:\(port)/status"], check: false)
        #expect(status.stdout.contains(name), "\(status.stderr)")
    }

    static func cleanup(tag: String, instance: String, daemon: String, docker: DockerClient) async {
        _ = try? await docker.remove(daemon, force: true)
        for labels in [[ContainerIdentity.instanceLabel: instance], ["test.run": instance]] as [[String: String?]] {
            for container in (try? await docker.list(labels: labels)) ?? [] {
                _ = try? await docker.remove(container.id, force: true, volumes: true)
            }
        }
        _ = try? await run("docker", ["rmi", tag], check: false)
        try? await docker.shutdown()
    }
}
