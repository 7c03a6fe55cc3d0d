import DockerEngine
import Reconciler

extension SSHConfigCommand {
    /// On a swarm: each Gitspace found on its node's own engine (the manager lists services, not other nodes'
    /// containers), with that engine's endpoint for looking up its user.
    static func swarmTargets(names: [String], global: GlobalOptions) async throws -> [(GitspaceTarget, String)] {
        try await DockerClient.withClient(host: global.dockerHost) { manager in
            try await SwarmRouting.requireManager(manager)
            let services = try await manager.listServices(labels: [ContainerIdentity.instanceLabel: global.instance])
            let declared = services.compactMap { $0.spec.labels[ContainerIdentity.nameLabel] }.sorted()
            for name in names where !declared.contains(name) {
                printError(
                    "no Gitspace '\(name)' in instance '\(global.instance)' on the swarm: declare it in a manifest and run `gitspaces apply --backend swarm`"
                )
                throw ExitStatus.invalid.exitCode
            }
            var found: [(GitspaceTarget, String)] = []
            for name in names.isEmpty ? declared : names {
                guard let endpoint = try await SwarmRouting.nodeEndpoint(of: name, managerHost: global.dockerHost)
                else {
                    printWarning("Gitspace '\(name)' is not running on any node: ssh to it fails until it runs")
                    continue
                }
                let target = try await DockerClient.withClient(host: endpoint) { node in
                    try await GitspaceTarget.find(name, instance: global.instance, docker: node)
                }
                found.append((target, endpoint))
            }
            return found
        }
    }
}
