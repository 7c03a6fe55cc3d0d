extension DockerClient {
    /// The CPU time a container has used so far, from one stats sample (`one-shot`: no wait for a second sample);
    /// nil when there is no such container.
    package func cpuUsage(_ idOrName: String) async throws -> CPUUsage? {
        let operation = "container stats \(idOrName)"
        do {
            return try await performJSON(
                CPUUsage.self,
                .get(
                    "/containers/\(URLEscaping.path(idOrName))/stats",
                    query: [EngineRequest.QueryItem("stream", false), EngineRequest.QueryItem("one-shot", true)]),
                operation: operation, accept: [200])
        } catch let error as EngineError where error.code == .notFound {
            return nil
        }
    }
}
