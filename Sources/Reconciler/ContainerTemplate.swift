public import DockerEngine
public import GitspacesCore

/// The engine's container spec for a resolved Gitspace spec.
public enum ContainerTemplate {
    /// Keeps the container alive whatever the image's command (devcontainers' default
    /// `overrideCommand: true`), and exits promptly on SIGTERM.
    public static let keepAlive = [
        "/bin/sh", "-c", "echo Container started; trap 'exit 0' TERM; while sleep 3600 & wait $!; do :; done",
    ]

    /// A bound on processes, so a fork bomb in one Gitspace cannot starve the host.
    public static let pidsLimit: Int64 = 4096

    /// The workspace folder on the host and where the container sees it.
    public struct WorkspaceMount: Sendable, Hashable {
        public var host: String
        public var target: String

        public init(host: String, target: String) {
            self.host = host
            self.target = target
        }
    }

    public static func spec(
        name: String, instance: String, resolved: ResolvedSpec, image: String, commit: String?,
        workspace: WorkspaceMount? = nil
    ) -> ContainerSpec {
        var host = HostConfig(
            nanoCPUs: resolved.hardware.cpus.nanoCPUs, memory: resolved.hardware.memory.bytes,
            // Swap equal to memory: no swap beyond the declared memory.
            memorySwap: resolved.hardware.memory.bytes, pidsLimit: pidsLimit, initProcess: true,
            restartPolicy: .unlessStopped)
        if let workspace {
            host.mounts = [Mount(type: .bind, source: workspace.host, target: workspace.target)]
        }
        if resolved.hardware.gpus > 0 {
            host.deviceRequests = [.gpus(count: resolved.hardware.gpus)]
        }
        return ContainerSpec(
            image: image, cmd: [], entrypoint: keepAlive,
            env: resolved.env.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" },
            labels: ContainerIdentity.labels(name: name, instance: instance, spec: resolved, commit: commit),
            workingDir: workspace?.target, hostname: name, hostConfig: host)
    }
}
