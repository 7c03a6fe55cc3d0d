import Foundation
import GitspacesTestScope
import GitspacesTestSupport
import Testing

/// Workspaces as named volumes on the node each Gitspace is placed on, through the CLI.
extension SwarmSuites {
    @Suite("workspaces on swarm nodes", .onWidePool)
    struct SwarmWorkspaceTests {
        @Test func theWorkspaceIsAVolumeOnItsNodeOwnedByTheUserKeptAcrossAReplaceAndRetainedWhenDirty() async throws {
            let cluster = try await SharedTestSwarm.cluster()
            let fixture = try SwarmFixture(cluster: cluster)
            defer { SwarmWorkspaceTests.remove(fixture, cluster) }
            let repository = GitFixture(existingAt: fixture.source)
            try repository.write(
                ".devcontainer/devcontainer.json",
                "{\"image\": \"\(BusyboxImage.reference)\", \"containerUser\": \"1234:1235\"}")
            _ = try repository.commit("a user of its own")
            try Self.write(fixture)

            let applied = try await fixture.gitspaces(["apply", fixture.config])
            #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
            let node = try Self.node(of: fixture, in: cluster)
            #expect(applied.stdout.contains("placed on \(try Self.describe(node))"), "\(applied.stdout)")
            let volume = "gitspace-\(fixture.name)-workspace"
            // The source is in the volume on that node, read through that node's engine, owned by the user.
            #expect(
                try Self.inVolume(volume, on: node, "stat -c '%u:%g' /w/README.md /w/.git/HEAD; cat /w/README.md")
                    == "1234:1235\n1234:1235\nhello")
            #expect(
                try node.docker([
                    "volume", "inspect", volume, "--format",
                    "{{index .Labels \"dev.gitspaces.name\"}} {{index .Labels \"dev.gitspaces.instance\"}}",
                ]) == "\(fixture.name) \(fixture.instance)")
            let other = try #require(cluster.nodes.first { $0.nodeID != node.nodeID })
            #expect(try other.docker(["volume", "ls", "-q", "--filter", "name=\(volume)"]).isEmpty)

            // Work written as the container's user survives a replace (an env change recreates the service).
            let wrote = try await fixture.gitspaces(["exec", fixture.name, "--", "sh", "-c", "echo mine > notes.txt"])
            #expect(wrote.status == 0, "\(wrote.stderr)")
            try Self.write(fixture, extra: "  env: {WHO: me}\n")
            let replaced = try await fixture.gitspaces(["apply", fixture.config])
            #expect(replaced.status == 0 && replaced.stdout.contains("replace"), "\(replaced.stdout)\(replaced.stderr)")
            let after = try await fixture.gitspaces([
                "exec", fixture.name, "--", "sh", "-c", "cat notes.txt; echo $WHO",
            ])
            #expect(after.stdout == "mine\nme\n", "\(after.stdout)\(after.stderr)")
            #expect(try Self.node(of: fixture, in: cluster).nodeID == node.nodeID)

            // A dirty delete (even under Delete) keeps the work as a labelled volume on its node, named in the output.
            try Self.write(fixture, extra: "  env: {WHO: me}\n  deletionPolicy: Delete\n")
            _ = try await fixture.gitspaces(["apply", fixture.config])
            try FileManager.default.removeItem(atPath: fixture.config + "/gitspace.yaml")
            let deleted = try await fixture.gitspaces(["apply", fixture.config, "--allow-mass-delete"])
            #expect(deleted.status == 0, "\(deleted.stdout)\(deleted.stderr)")
            let kept = try node.docker([
                "volume", "ls", "-q", "--filter", "label=dev.gitspaces.instance=\(fixture.instance)", "--filter",
                "label=dev.gitspaces.retained-at",
            ])
            #expect(kept.hasPrefix("\(volume)-retained-"), "\(kept)")
            #expect(deleted.stdout.contains("volume \(kept) on \(try Self.describe(node))"), "\(deleted.stdout)")
            #expect(deleted.stdout.contains("1 untracked file"), "\(deleted.stdout)")
            #expect(try node.docker(["volume", "ls", "-q", "--filter", "name=^\(volume)$"]).isEmpty)
            #expect(try Self.inVolume(kept, on: node, "cat /w/notes.txt") == "mine")
        }

        @Test func aDirtyWorkspaceBlocksABranchSwitchAndACleanOneSwitchesAndIsRemovedOnDelete() async throws {
            let cluster = try await SharedTestSwarm.cluster()
            let fixture = try SwarmFixture(cluster: cluster)
            defer { SwarmWorkspaceTests.remove(fixture, cluster) }
            let repository = GitFixture(existingAt: fixture.source)
            try repository.branch("other")
            try repository.checkout("other")
            try repository.write("OTHER.md", "other branch\n")
            _ = try repository.commit("on other")
            try repository.checkout("main")
            try Self.write(fixture, extra: "  deletionPolicy: Delete\n")
            let applied = try await fixture.gitspaces(["apply", fixture.config])
            #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
            let node = try Self.node(of: fixture, in: cluster)
            let volume = "gitspace-\(fixture.name)-workspace"

            _ = try await fixture.gitspaces(["exec", fixture.name, "--", "sh", "-c", "echo draft >> README.md"])
            try Self.write(fixture, extra: "  deletionPolicy: Delete\n  branch: other\n")
            let blocked = try await fixture.gitspaces(["apply", fixture.config])
            #expect(blocked.status != 0)
            #expect(
                (blocked.stdout + blocked.stderr).contains("1 uncommitted change: not switching to other"),
                "\(blocked.stdout)\(blocked.stderr)")
            #expect(try Self.inVolume(volume, on: node, "cat /w/README.md") == "hello\ndraft")

            // Clean again: the switch happens, in the volume on the node.
            _ = try await fixture.gitspaces(["exec", fixture.name, "--", "sh", "-c", "echo hello > README.md"])
            let switched = try await fixture.gitspaces(["apply", fixture.config])
            #expect(switched.status == 0, "\(switched.stdout)\(switched.stderr)")
            #expect(try Self.inVolume(volume, on: node, "cat /w/OTHER.md") == "other branch")
            let diff = try await fixture.gitspaces(["diff", fixture.config])
            #expect(diff.status == 0, "\(diff.stdout)\(diff.stderr)")

            // A clean delete removes the volume and keeps nothing.
            try FileManager.default.removeItem(atPath: fixture.config + "/gitspace.yaml")
            let deleted = try await fixture.gitspaces(["apply", fixture.config, "--allow-mass-delete"])
            #expect(deleted.status == 0, "\(deleted.stdout)\(deleted.stderr)")
            #expect(deleted.stdout.contains("workspace removed"), "\(deleted.stdout)")
            #expect(
                try node.docker(["volume", "ls", "-q", "--filter", "label=dev.gitspaces.instance=\(fixture.instance)"])
                    .isEmpty)
        }

        @Test func parallelCreatesInOneApplyReserveTheirNodesAndSpreadAcrossThem() async throws {
            let cluster = try await SharedTestSwarm.cluster()
            let fixture = try SwarmFixture(cluster: cluster)
            defer { SwarmWorkspaceTests.remove(fixture, cluster) }
            // Each fills most of a node: without reservations within the pass both would read the same free
            // capacity and go to the same node.
            let cpus = (Double(try cluster.nodes[0].docker(["info", "--format", "{{.NCPU}}"])) ?? 2) - 0.5
            for suffix in ["a", "b"] {
                let manifest = """
                    apiVersion: gitspaces/v1
                    kind: Gitspace
                    metadata: {name: \(fixture.name)-\(suffix)}
                    spec:
                      repo: file://\(fixture.source)
                      hardware: {cpus: \(cpus), memory: 64Mi}

                    """
                try manifest.write(toFile: fixture.config + "/\(suffix).yaml", atomically: true, encoding: .utf8)
            }
            let applied = try await fixture.gitspaces(["apply", fixture.config, "--parallel", "2"])
            #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
            let pins = try ["a", "b"].map { suffix in
                try cluster.manager([
                    "service", "inspect", "gitspace-\(fixture.name)-\(suffix)", "--format",
                    "{{index .Spec.TaskTemplate.Placement.Constraints 0}}",
                ])
            }
            #expect(Set(pins).count == 2, "\(pins)")
        }

        @Test func aGitspaceNoNodeCanTakeIsPendingWithTheReasonWhileTheOthersAreCreated() async throws {
            let cluster = try await SharedTestSwarm.cluster()
            let fixture = try SwarmFixture(cluster: cluster)
            defer { SwarmWorkspaceTests.remove(fixture, cluster) }
            try Self.write(fixture)
            let huge = """
                apiVersion: gitspaces/v1
                kind: Gitspace
                metadata: {name: \(fixture.name)-huge}
                spec:
                  repo: file://\(fixture.source)
                  hardware: {cpus: 64, memory: 64Mi, disk: 10Gi}

                """
            try huge.write(toFile: fixture.config + "/huge.yaml", atomically: true, encoding: .utf8)
            let diff = try await fixture.gitspaces(["diff", fixture.config])
            #expect(
                diff.stderr.contains("hardware.disk is not enforced on --backend swarm")
                    && diff.stderr.contains("1 Gitspace declare"), "\(diff.stderr)")
            let applied = try await fixture.gitspaces(["apply", fixture.config])
            #expect(applied.status != 0)
            #expect(applied.stderr.contains("hardware.disk is not enforced on --backend swarm"), "\(applied.stderr)")
            let output = applied.stdout + applied.stderr
            #expect(
                output.contains("gitspace \(fixture.name)-huge is Pending: no node has 64 cpus free; largest free:"),
                "\(output)")
            // The other Gitspace of the same apply was placed and runs.
            _ = try Self.node(of: fixture, in: cluster)
            #expect(
                try cluster.manager(["service", "ls", "-q", "--filter", "name=gitspace-\(fixture.name)-huge"]).isEmpty)
        }

        /// The manifest of the fixture's Gitspace, with `extra` lines in its spec.
        static func write(_ fixture: SwarmFixture, extra: String = "") throws {
            let manifest = """
                apiVersion: gitspaces/v1
                kind: Gitspace
                metadata: {name: \(fixture.name)}
                spec:
                  repo: file://\(fixture.source)
                  hardware: {cpus: 0.25, memory: 64Mi}

                """
            try (manifest + extra).write(toFile: fixture.config + "/gitspace.yaml", atomically: true, encoding: .utf8)
        }

        /// How output names a node: `node HOSTNAME (ID)`.
        static func describe(_ node: SwarmNode) throws -> String {
            "node \(try node.docker(["info", "--format", "{{.Name}}"])) (\(node.nodeID))"
        }

        /// The node the Gitspace's service is pinned to.
        static func node(of fixture: SwarmFixture, in cluster: SwarmCluster) throws -> SwarmNode {
            let constraint = try cluster.manager([
                "service", "inspect", "gitspace-\(fixture.name)", "--format",
                "{{index .Spec.TaskTemplate.Placement.Constraints 0}}",
            ])
            let id = String(constraint.dropFirst("node.id==".count))
            return try #require(cluster.nodes.first { $0.nodeID == id }, "pinned to \(constraint)")
        }

        /// Runs `script` in a throwaway container on `node` that mounts `volume` at /w.
        static func inVolume(_ volume: String, on node: SwarmNode, _ script: String) throws -> String {
            try node.docker(["run", "--rm", "-v", "\(volume):/w", BusyboxImage.reference, "sh", "-c", script])
        }

        static func remove(_ fixture: SwarmFixture, _ cluster: SwarmCluster) {
            fixture.remove()
            for node in cluster.nodes {
                let volumes =
                    (try? node.docker([
                        "volume", "ls", "-q", "--filter", "label=dev.gitspaces.instance=\(fixture.instance)",
                    ])) ?? ""
                for volume in volumes.split(separator: "\n") {
                    _ = try? node.docker(["volume", "rm", "-f", String(volume)])
                }
            }
        }
    }
}
