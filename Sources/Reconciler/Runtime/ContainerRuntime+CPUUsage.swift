package import DockerEngine

extension ContainerRuntime {
    /// A runtime that cannot sample CPU time (a Swarm's tasks on their nodes): activity is sessions only.
    package func cpuUsage(of id: String) async throws -> CPUUsage? { nil }
}

extension DockerRuntime {
    package func cpuUsage(of id: String) async throws -> CPUUsage? { try await docker.cpuUsage(id) }
}
