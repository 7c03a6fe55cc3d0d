import Foundation
import GitspacesTestScope
import GitspacesTestSupport
import Testing

/// The test swarm itself: what every other swarm test stands on.
extension SwarmSuites {
    @Suite("The test swarm", .onWidePool)
    struct SwarmClusterTests {
        @Test func theSharedClusterHasEveryNodeReadyActiveAndLabelledWithItsOwnEngine() async throws {
            let cluster = try await SharedTestSwarm.cluster()
            let listed = try cluster.manager(["node", "ls", "--format", "{{.ID}} {{.Status}} {{.Availability}}"])
            let rows = listed.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
            #expect(rows.count == cluster.nodes.count)
            #expect(rows.allSatisfy { $0.count == 3 && $0[1] == "Ready" && $0[2] == "Active" })
            for node in cluster.nodes {
                let label = try cluster.manager([
                    "node", "inspect", node.nodeID, "--format", "{{index .Spec.Labels \"dev.gitspaces.engine\"}}",
                ])
                #expect(label == node.endpoint)
                // The label reaches the node's own engine, which knows itself by that id and has the test image.
                #expect(try node.docker(["info", "--format", "{{.Swarm.NodeID}}"]) == node.nodeID)
                #expect(try node.docker(["image", "inspect", "--format", "ok", BusyboxImage.reference]) == "ok")
            }
        }

        @Test func tearingAClusterDownLeavesNoNamespaceLinkRuleProcessMountOrFolder() async throws {
            let cluster = try await SwarmCluster.setUp(nodeCount: 1)
            let prefix = "gsw\(cluster.runID)"
            #expect(SwarmCluster.namespaces().contains { $0.hasPrefix(prefix) })
            #expect(SwarmCluster.links().contains(cluster.bridge))
            #expect(SwarmCluster.acceptRules().contains { $0.bridge == cluster.bridge })
            #expect(!SwarmCluster.processes(naming: cluster.directory).isEmpty)
            #expect(!SwarmCluster.mounts(under: cluster.directory).isEmpty)

            await cluster.tearDown()

            #expect(!SwarmCluster.namespaces().contains { $0.hasPrefix(prefix) })
            #expect(!SwarmCluster.links().contains { $0.hasPrefix(prefix) })
            #expect(!SwarmCluster.acceptRules().contains { $0.bridge == cluster.bridge })
            #expect(SwarmCluster.processes(naming: cluster.directory).isEmpty)
            #expect(SwarmCluster.mounts(under: cluster.directory).isEmpty)
            #expect(!FileManager.default.fileExists(atPath: cluster.directory))
        }
    }
}
