import GitspacesTestSupport

/// The swarm all tests of this target share: two nodes (a manager and a worker) with the test images loaded.
enum SharedTestSwarm {
    static func cluster() async throws -> SwarmCluster {
        try await BusyboxImage.ensure()
        return try await SwarmCluster.shared(nodeCount: 2, images: [BusyboxImage.reference])
    }
}
