import Foundation
import GitspacesTestScope
import GitspacesTestSupport
import Testing

/// `gitspaces ssh-config --backend swarm`: entries whose ProxyCommand reaches each Gitspace on its own node.
extension SwarmSuites {
    @Suite("ssh on a swarm", .onWidePool)
    struct SwarmSSHTests {
        @Test func sshConfigEntriesReachAGitspaceOnTheWorkerThroughItsNodesEngine() async throws {
            let cluster = try await SharedTestSwarm.cluster()
            let (manager, worker) = (cluster.nodes[0], cluster.nodes[1])
            try await SSHDImage.ensure()
            try await onOwnThread { try cluster.load(image: SSHDImage.reference) }
            let fixture = try SwarmFixture(cluster: cluster)
            var managerDrained = false
            defer {
                if managerDrained {
                    _ = try? cluster.manager(["node", "update", "--availability", "active", manager.nodeID])
                }
                fixture.remove()
            }
            let key = fixture.folder.appending("id_ed25519")
            try await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "test", "-f", key])
            let publicKey = try String(contentsOfFile: key + ".pub", encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let source = GitFixture(existingAt: fixture.source)
            try source.write(".devcontainer/devcontainer.json", "{\"image\": \"\(SSHDImage.reference)\"}")
            _ = try source.commit("sshd")
            let manifest = """
                apiVersion: gitspaces/v1
                kind: Gitspace
                metadata: {name: \(fixture.name)}
                spec:
                  repo: file://\(fixture.source)
                  hardware: {cpus: 0.25, memory: 128Mi}
                  ssh:
                    authorizedKeys: ["\(publicKey)"]

                """
            try manifest.write(toFile: fixture.config + "/gitspace.yaml", atomically: true, encoding: .utf8)

            // On the worker: the manager takes nothing new while it is drained.
            try cluster.manager(["node", "update", "--availability", "drain", manager.nodeID])
            managerDrained = true
            let applied = try await fixture.gitspaces(["apply", fixture.config])
            #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
            try cluster.manager(["node", "update", "--availability", "active", manager.nodeID])
            managerDrained = false
            #expect(
                try worker.docker(["ps", "-q", "--filter", "label=dev.gitspaces.name=\(fixture.name)"]).isEmpty
                    == false, "running on the worker")

            let config = fixture.folder.appending("ssh_config")
            let written = try await fixture.gitspaces(["ssh-config", "--write", "--file", config])
            #expect(written.status == 0, "\(written.stderr)")
            let text = try String(contentsOfFile: config, encoding: .utf8)
            #expect(text.contains("Host \(fixture.name).gitspaces\n"), "\(text)")
            #expect(text.contains("ssh --stdio \(fixture.name) --instance \(fixture.instance)"), "\(text)")
            #expect(text.contains(" --backend swarm "), "\(text)")
            #expect(text.contains(" --docker-host \(cluster.managerEndpoint)\n"), "\(text)")
            #expect(text.contains("  User \(SSHDImage.user)\n"), "\(text)")

            let ssh = try await run(
                "timeout",
                [
                    "120", "ssh", "-F", config, "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-i", key,
                    "\(fixture.name).gitspaces", "hostname; cat /workspaces/source/README.md",
                ],
                check: false)
            #expect(ssh.status == 0, "\(ssh.stderr)")
            #expect(ssh.stdout == "\(fixture.name)\nhello\n", "\(ssh.stdout)")
        }
    }
}
