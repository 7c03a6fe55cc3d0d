import DockerEngine
import Foundation
import GitspacesDaemon
import GitspacesTestScope
import GitspacesTestSupport
import Testing

/// `gitspaces daemon --backend swarm`: commits applied as services, services changed by hand healed, and a node that
/// fails under a Gitspace.
extension SwarmSuites {
    @Suite("gitspaces daemon on a swarm", .onWidePool)
    struct SwarmDaemonTests {
        @Test func commitsAreAppliedAndServicesScaledOrRemovedByHandAreHealedAndReported() async throws {
            let cluster = try await SharedTestSwarm.cluster()
            let fixture = try SwarmFixture(cluster: cluster)
            let daemon = try SwarmDaemon(cluster: cluster, fixture: fixture)
            defer {
                daemon.stop()
                fixture.remove()
            }
            let name = fixture.name
            let service = "gitspace-\(name)"
            let created = try await daemon.publish(["app.yaml": daemon.manifest(name)], message: "add")
            let running = try await daemon.waitForStatus("created and running") {
                $0.entry(name)?.phase == .running && $0.entry(name)?.ready.status == true
            }
            #expect(running.daemon.lastAppliedRevision == created)
            let node = try #require(running.entry(name)?.node)
            #expect(cluster.nodes.contains { node.contains($0.nodeID) }, "status names the node: \(node)")

            // Scaled to 0 by hand: reported as drift and scaled back.
            try cluster.manager(["service", "scale", "--detach", "\(service)=0"])
            try await eventually("the scale-down reported") {
                await daemon.events(name).contains { $0.reason == "Drifted" && $0.message.contains("stopped outside") }
            }
            try await eventually("scaled back to 1 and running") {
                let phase = try await daemon.client.report()?.entry(name)?.phase
                let replicas = try cluster.manager([
                    "service", "inspect", service, "--format", "{{.Spec.Mode.Replicated.Replicas}}",
                ])
                return replicas == "1" && phase == .running
            }

            // Removed by hand: created again, reported.
            try cluster.manager(["service", "rm", service])
            try await eventually("the removal reported") {
                await daemon.events(name).contains { $0.reason == "Drifted" && $0.message.contains("removed outside") }
            }
            try await daemon.waitForStatus("created again and running") {
                $0.entry(name)?.phase == .running && $0.entry(name)?.ready.status == true
            }
            #expect(try cluster.manager(["service", "ls", "-q", "--filter", "name=\(service)"]).isEmpty == false)

            // Updated by a commit: the reservation follows in place.
            let updated = try await daemon.publish(["app.yaml": daemon.manifest(name, cpus: "0.5")], message: "more")
            try await daemon.waitForStatus("the update applied") {
                $0.daemon.lastAppliedRevision == updated && $0.entry(name)?.ready.status == true
            }
            try await eventually("the reservation updated") {
                try cluster.manager([
                    "service", "inspect", service, "--format", "{{.Spec.TaskTemplate.Resources.Reservations.NanoCPUs}}",
                ]) == "500000000"
            }

            // Deleted by a commit: the service goes.
            let deleted = try await daemon.publish([:], message: "delete")
            try await daemon.waitForStatus("the delete applied") {
                $0.daemon.lastAppliedRevision == deleted && $0.entry(name) == nil
            }
            #expect(try cluster.manager(["service", "ls", "-q", "--filter", "name=\(service)"]).isEmpty)
            let reasons = await daemon.events(name).map(\.reason)
            #expect(reasons.contains("Created") && reasons.contains("Updated") && reasons.contains("Deleted"))
        }

        @Test func aGitspaceWhoseNodeIsKilledReadsNodeDownIsNotStartedElsewhereAndConvergesWhenTheNodeIsBack()
            async throws
        {
            let cluster = try await SharedTestSwarm.cluster()
            let (manager, worker) = (cluster.nodes[0], cluster.nodes[1])
            let fixture = try SwarmFixture(cluster: cluster)
            let daemon = try SwarmDaemon(cluster: cluster, fixture: fixture)
            var managerDrained = false
            defer {
                daemon.stop()
                if !worker.isRunning {
                    try? worker.startEngine()
                    try? worker.waitForEngine()
                }
                if managerDrained {
                    _ = try? cluster.manager(["node", "update", "--availability", "active", manager.nodeID])
                }
                fixture.remove()
            }
            let name = fixture.name
            let service = "gitspace-\(name)"
            // Placed on the worker: the manager takes nothing new while it is drained.
            try cluster.manager(["node", "update", "--availability", "drain", manager.nodeID])
            managerDrained = true
            try await daemon.publish(["app.yaml": daemon.manifest(name)])
            let running = try await daemon.waitForStatus("running on the worker") {
                $0.entry(name)?.phase == .running && $0.entry(name)?.node?.contains(worker.nodeID) == true
            }
            #expect(
                running.daemon.excludedNodes?.contains { $0.contains(manager.nodeID) && $0.contains("drain") } == true)
            try cluster.manager(["node", "update", "--availability", "active", manager.nodeID])
            managerDrained = false

            worker.stopEngine()
            let down = try await daemon.waitForStatus("NodeDown") { $0.entry(name)?.phase == .nodeDown }
            let entry = try #require(down.entry(name))
            #expect(entry.ready.reason == "NodeDown")
            #expect(entry.ready.message?.contains(worker.nodeID) == true, "\(entry.ready.message ?? "")")
            #expect(entry.node?.contains(worker.nodeID) == true)
            try await eventually("the NodeDown event naming the node") {
                await daemon.events(name).contains { $0.reason == "NodeDown" && $0.message.contains(worker.nodeID) }
            }
            let metrics = try await daemon.metrics()
            #expect(metrics.contains("gitspaces_gitspaces{phase=\"NodeDown\"} 1"), "\(metrics)")

            // `gitspaces status` from the engine (no daemon at that address) tells the same, in text and JSON.
            let json = try await fixture.gitspaces(["status", "--format", "json", "--listen", "127.0.0.1:1"])
            let report = try StatusReport.decode(Data(json.stdout.utf8))
            #expect(report.entry(name)?.phase == .nodeDown, "\(json.stdout)\(json.stderr)")
            #expect(report.daemon.excludedNodes?.contains { $0.contains(worker.nodeID) } == true)
            let text = try await fixture.gitspaces(["status", "--listen", "127.0.0.1:1"])
            #expect(text.stdout.contains("NodeDown") && text.stdout.contains(worker.nodeID), "\(text.stdout)")

            // A few passes later, nothing runs elsewhere: no task of the service on the manager, no container there.
            let passes = down.daemon.passes
            try await daemon.waitForStatus("three more passes") { $0.daemon.passes >= passes + 3 }
            let tasks = try await DockerClient.withClient(host: cluster.managerEndpoint) { client in
                try await client.listTasks(service: service)
            }
            #expect(
                !tasks.contains {
                    $0.nodeID != worker.nodeID && ["running", "starting", "assigned"].contains($0.state)
                },
                "no task elsewhere: \(tasks.map { "\($0.nodeID) \($0.state)" })")
            #expect(
                try manager.docker(["ps", "-aq", "--filter", "label=dev.gitspaces.name=\(name)"]).isEmpty,
                "no container on the manager")
            #expect(
                try cluster.manager([
                    "service", "inspect", service, "--format", "{{json .Spec.TaskTemplate.Placement.Constraints}}",
                ])
                    == "[\"node.id==\(worker.nodeID)\"]")

            try worker.startEngine()
            try worker.waitForEngine()
            let back = try await daemon.waitForStatus("running again on the worker", seconds: 180) {
                $0.entry(name)?.phase == .running && $0.entry(name)?.ready.status == true
            }
            #expect(back.entry(name)?.node?.contains(worker.nodeID) == true)
            #expect(
                try worker.docker([
                    "ps", "--filter", "label=dev.gitspaces.name=\(name)", "--filter", "status=running", "-q",
                ]).isEmpty == false)
            #expect(try manager.docker(["ps", "-aq", "--filter", "label=dev.gitspaces.name=\(name)"]).isEmpty)
            try await eventually("the NodeReady event") {
                await daemon.events(name).contains { $0.reason == "NodeReady" }
            }
        }
    }
}
