import DockerEngine
import Reconciler

extension EngineSession {
    /// `with(global)`, and the runtime `--backend` names on that engine: the engine itself, or the swarm it manages
    /// (refused unless it is an active manager). Node engine clients are closed when `body` returns.
    static func withRuntime<T>(
        _ global: GlobalOptions, reportingAfter first: (() async throws -> Void)? = nil,
        _ body: (DockerClient, any ContainerRuntime) async throws -> T
    ) async throws -> T {
        try await with(global, reportingAfter: first) { docker in
            guard global.backend == .swarm else { return try await body(docker, DockerRuntime(docker)) }
            try await SwarmRouting.requireManager(docker)
            var runtime = SwarmRuntime(manager: docker)
            runtime.registry = try SwarmRuntime.validRegistry(global.registry)
            do {
                let result = try await body(docker, runtime)
                await runtime.engines.shutdown()
                return result
            } catch {
                await runtime.engines.shutdown()
                throw error
            }
        }
    }
}
