import DockerEngine
import Foundation
import GitspacesCore
package import Reconciler
import Shared

extension StatusReport {
    /// The status as the engine alone tells it, for when no daemon answers: phase from the container's
    /// state, commits from its labels, workspace state from the workspace store. Declared-but-missing
    /// Gitspaces are not known without the manifests, so only existing containers are listed.
    package static func fromEngine(runtime: any ContainerRuntime, stateDirectory: String, instance: String) async throws
        -> [GitspaceStatus]
    {
        let observation = try await EngineObserver(
            runtime: runtime, instance: instance,
            records: AppliedRecords(stateDirectory: stateDirectory, instance: instance)
        ).observe()
        let store = WorkspaceStore(stateDirectory: stateDirectory, instance: instance)
        let idle = IdleRecords(layout: store.layout).holding(in: observation)
        var entries: [GitspaceStatus] = []
        for name in observation.containers.keys.sorted() {
            guard let container = observation.containers[name] else { continue }
            let details = try? await runtime.container(container.id)
            let ports = (details?.ports ?? [:]).sorted { $0.key < $1.key }.flatMap { port, bindings in
                bindings.isEmpty
                    ? [GitspaceStatus.Port(container: port, hostIP: nil, hostPort: nil)]
                    : bindings.map { GitspaceStatus.Port(container: port, hostIP: $0.hostIP, hostPort: $0.hostPort) }
            }
            let path = store.path(for: name)
            let workspace = await BlockingWork.run { DaemonHTTPServer.workspace(at: path) }
            var phase: GitspacePhase = container.running ? .running : .stopped
            if idle[name] != nil { phase = .idle }
            let since = container.running ? details?.state.startedAt : details?.state.finishedAt
            let spec = observation.gitspaces.first { $0.name == name }?.spec
            entries.append(
                GitspaceStatus(
                    name: name, phase: phase,
                    ready: .init(
                        status: false, reason: "NoDaemon", message: "no daemon answered: read from the engine"),
                    declared: true, desiredState: nil, containerState: container.state, appliedCommit: container.commit,
                    sourceCommit: nil, branch: spec?.branch,
                    lastError: details.flatMap { $0.state.error.isEmpty ? nil : $0.state.error },
                    retryInSeconds: nil, drift: nil, workspace: workspace, ports: ports,
                    since: since ?? details?.created ?? Date(), volumes: details?.namedVolumes))
        }
        for index in entries.indices {
            entries[index].dotfiles = GitspaceStatus.Dotfiles(observation.dotfiles[entries[index].name])
        }
        return entries
    }
}

extension ContainerDetails {
    /// The named volumes the container mounts, by engine name (anonymous ones are not counted).
    var namedVolumes: [String] {
        hostConfig.mounts.filter { $0.type == .volume && !$0.source.isEmpty }.map(\.source).sorted()
    }
}
