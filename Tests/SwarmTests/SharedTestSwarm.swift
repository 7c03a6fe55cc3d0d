import GitspacesTestSupport
import Testing

/// The swarm all tests of this target share: two nodes (a manager and a worker) with the test images loaded.
enum SharedTestSwarm {
    static func cluster() async throws -> SwarmCluster {
        try await BusyboxImage.ensure()
        return try await SwarmCluster.shared(nodeCount: 2, images: [BusyboxImage.reference])
    }
}

/// Every swarm suite, one at a time: they share the cluster's nodes and their free cpus, and a test that fills a
/// node or drains it must not run beside one that places a Gitspace.
@Suite("Swarm", .serialized)
enum SwarmSuites {}
