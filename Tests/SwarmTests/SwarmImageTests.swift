import Foundation
import GitspacesTestScope
import GitspacesTestSupport
import Testing

/// Images a Gitspace needs exist on the node that runs it: built from a Dockerfile, or built with Features.
extension SwarmSuites {
    @Suite("images on a swarm", .onWidePool)
    struct SwarmImageTests {
        @Test func aDockerfileGitspaceAndAFeaturesGitspaceBothRunOnAWorker() async throws {
            let cluster = try await SharedTestSwarm.cluster()
            let (manager, worker) = (cluster.nodes[0], cluster.nodes[1])
            let fixture = try SwarmFixture(cluster: cluster)
            var managerDrained = false
            defer {
                if managerDrained {
                    _ = try? cluster.manager(["node", "update", "--availability", "active", manager.nodeID])
                }
                fixture.remove()
            }
            let run = String(UUID().uuidString.lowercased().prefix(8))
            let built = try GitFixture(at: fixture.folder.appending("built"))
            try built.write(
                ".devcontainer/devcontainer.json", "{\"build\": {\"dockerfile\": \"Dockerfile\"}}")
            try built.write(
                ".devcontainer/Dockerfile", "FROM \(BusyboxImage.reference)\nRUN echo built-\(run) > /built\n")
            _ = try built.commit("dockerfile")
            let featured = try GitFixture(at: fixture.folder.appending("featured"))
            try featured.write(
                ".devcontainer/devcontainer.json",
                "{\"image\": \"\(BusyboxImage.reference)\", \"features\": {\"./tool\": {}}}")
            try featured.write(
                ".devcontainer/tool/devcontainer-feature.json", "{\"id\": \"tool\", \"version\": \"1.0.0\"}")
            try featured.write(".devcontainer/tool/install.sh", "#!/bin/sh\necho feature-\(run) > /feature\n")
            _ = try featured.commit("features")
            let (dockerfileName, featuresName) = ("\(fixture.name)-df", "\(fixture.name)-ft")
            let manifests = [(dockerfileName, built.path), (featuresName, featured.path)].map { name, path in
                """
                apiVersion: gitspaces/v1
                kind: Gitspace
                metadata: {name: \(name)}
                spec:
                  repo: file://\(path)
                  hardware: {cpus: 0.25, memory: 64Mi}

                """
            }
            try manifests.joined(separator: "---\n").write(
                toFile: fixture.config + "/gitspaces.yaml", atomically: true, encoding: .utf8)

            // Both on the worker: the manager takes nothing new while it is drained.
            try cluster.manager(["node", "update", "--availability", "drain", manager.nodeID])
            managerDrained = true
            let applied = try await fixture.gitspaces(["apply", fixture.config])
            #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
            try cluster.manager(["node", "update", "--availability", "active", manager.nodeID])
            managerDrained = false

            for (name, file, expected) in [
                (dockerfileName, "/built", "built-\(run)"), (featuresName, "/feature", "feature-\(run)"),
            ] {
                let onWorker = try worker.docker([
                    "ps", "-q", "--filter", "label=dev.gitspaces.name=\(name)", "--filter", "status=running",
                ])
                #expect(!onWorker.isEmpty, "\(name) runs on the worker")
                let exec = try await fixture.gitspaces(["exec", name, "--", "cat", file])
                #expect(exec.status == 0 && exec.stdout == expected + "\n", "\(name): \(exec.stdout)\(exec.stderr)")
            }
        }

        @Test func withARegistryAnImageIsBuiltOnceThroughTheManagerPushedAndPulledByTheNode() async throws {
            let cluster = try await SharedTestSwarm.cluster()
            let (manager, worker) = (cluster.nodes[0], cluster.nodes[1])
            let registry = try SwarmRegistry(cluster: cluster)
            let fixture = try SwarmFixture(cluster: cluster)
            var managerDrained = false
            defer {
                if managerDrained {
                    _ = try? cluster.manager(["node", "update", "--availability", "active", manager.nodeID])
                }
                fixture.remove()
                registry.stop()
            }
            let run = String(UUID().uuidString.lowercased().prefix(8))
            let source = GitFixture(existingAt: fixture.source)
            try source.write(".devcontainer/devcontainer.json", "{\"build\": {\"dockerfile\": \"Dockerfile\"}}")
            try source.write(
                ".devcontainer/Dockerfile", "FROM \(BusyboxImage.reference)\nRUN echo pushed-\(run) > /built\n")
            _ = try source.commit("dockerfile")
            try fixture.writeManifest(name: fixture.name, cpus: "0.25")

            try cluster.manager(["node", "update", "--availability", "drain", manager.nodeID])
            managerDrained = true
            let namespace = "\(registry.address)/gitspaces-test"
            let applied = try await fixture.gitspaces(["apply", fixture.config, "--registry", namespace])
            #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
            try cluster.manager(["node", "update", "--availability", "active", manager.nodeID])
            managerDrained = false

            // Built on the manager, in the registry, pulled (not built) by the worker that runs it.
            let catalog = try registry.repositories()
            #expect(catalog.contains("gitspaces-test/"), "\(catalog)")
            let pulled = try worker.docker(["image", "ls", "--format", "{{.Repository}}"])
            #expect(pulled.contains(namespace + "/"), "\(pulled)")
            let exec = try await fixture.gitspaces(["exec", fixture.name, "--", "cat", "/built"])
            #expect(exec.status == 0 && exec.stdout == "pushed-\(run)\n", "\(exec.stdout)\(exec.stderr)")
            let bad = try await fixture.gitspaces(["diff", fixture.config, "--registry", "https://Registry"])
            #expect(bad.status != 0 && bad.stderr.contains("is not HOST/NAMESPACE"), "\(bad.stderr)")
        }
    }
}
