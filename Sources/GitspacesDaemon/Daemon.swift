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
        let lock = try DaemonLock(stateDirectory: configuration.stateDirectory)
        let docker = try DockerClient(host: configuration.dockerHost, logger: logger)
        // The composition root: the one place that knows which runtime runs the Gitspaces.
        let swarm = configuration.swarm ? SwarmRuntime(manager: docker) : nil
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
