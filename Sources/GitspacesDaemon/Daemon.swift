import DockerEngine
package import Logging
import Reconciler
import ServiceLifecycle
import UnixSignals

/// Starts the daemon: takes the state directory's lock, then runs the HTTP server and the reconcile loop in
/// one `ServiceGroup` until SIGTERM or SIGINT. Graceful shutdown stops the loop first (in-flight actions
/// finish, at most `shutdownTimeout`), then the server.
package enum Daemon {
    package static func run(_ configuration: DaemonConfiguration, logger: Logger) async throws {
        HeapRelease.limitArenas()
        // A state directory of a newer format is refused before anything in it is touched (each pass brings an
        // older one forward under the state lock).
        try StateFormat.check(stateDirectory: configuration.stateDirectory)
        let docker = try DockerClient(host: configuration.dockerHost, logger: logger)
        let lock: DaemonLock
        do {
            // In a container, the engine must see the state directory at the same path (see StateDirectoryMount).
            try await StateDirectoryMount.verify(
                stateDirectory: configuration.stateDirectory, runtime: DockerRuntime(docker))
            lock = try DaemonLock(stateDirectory: configuration.stateDirectory)
        } catch {
            try? await docker.shutdown()
            throw error
        }
        // The composition root: the one place that knows which runtime runs the Gitspaces.
        var swarm = configuration.swarm ? SwarmRuntime(manager: docker) : nil
        swarm?.registry = configuration.registry
        let runtime: any ContainerRuntime = swarm ?? DockerRuntime(docker)
        let reconciler = DaemonReconciler(configuration: configuration, runtime: runtime, logger: logger)
        let server = DaemonHTTPServer(reconciler: reconciler, logger: logger)
        var groupConfiguration = ServiceGroupConfiguration(
            services: [.init(service: server), .init(service: reconciler)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        groupConfiguration.maximumGracefulShutdownDuration = configuration.shutdownTimeout
        groupConfiguration.maximumCancellationDuration = .seconds(10)
        let group = ServiceGroup(configuration: groupConfiguration)
        do {
            try await group.run()
        } catch {
            await swarm?.engines.shutdown()
            try? await docker.shutdown()
            withExtendedLifetime(lock) {}
            throw error
        }
        await swarm?.engines.shutdown()
        try? await docker.shutdown()
        withExtendedLifetime(lock) {}
    }
}
