import ArgumentParser
import DockerEngine
import Reconciler

/// Where a Gitspace's container can be reached on a swarm: its node's own engine.
enum SwarmRouting {
    /// Throws unless `docker` is an active swarm manager.
    static func requireManager(_ docker: DockerClient) async throws {
        let info = try await docker.swarmInfo()
        guard info.isActive, info.controlAvailable else {
            throw EngineError(
                .invalidArgument,
                message:
                    "--backend swarm needs a swarm manager, and the engine at \(docker.host) is \(info.isActive ? "a worker" : "not in a swarm (\(info.localNodeState))"): point --docker-host at a manager, or use --backend docker",
                operation: "swarm info")
        }
    }

    /// The engine endpoint of the node running Gitspace `name` (`dev.gitspaces.engine`), asked of the manager
    /// at `managerHost`; `nil` when the Gitspace has no task on a node.
    static func nodeEndpoint(of name: String, managerHost: String?) async throws -> String? {
        try await DockerClient.withClient(host: managerHost) { manager in
            try await requireManager(manager)
            let tasks = try await manager.listTasks(service: "gitspace-\(name)")
            guard let task = tasks.first(where: { $0.desiredState == "running" && !$0.nodeID.isEmpty }) else {
                return nil
            }
            return try await SwarmRuntime(manager: manager).endpoint(ofNode: task.nodeID)
        }
    }
}

extension InteractiveExec {
    /// The engine holding Gitspace `name`'s container: `--docker-host` itself, or on a swarm its node's engine.
    static func engineHost(of name: String, _ global: GlobalOptions) async throws -> String? {
        guard global.backend == .swarm else { return global.dockerHost }
        guard let endpoint = try await SwarmRouting.nodeEndpoint(of: name, managerHost: global.dockerHost) else {
            printError(
                "gitspace \(name) is not running on any node of the swarm: apply it, or see `gitspaces status --backend swarm`"
            )
            throw ExitCode(cannotRun)
        }
        return endpoint
    }
}
