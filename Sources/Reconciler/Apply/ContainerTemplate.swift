package import DevContainer
package import DockerEngine
package import GitspacesCore

/// The engine's container spec for a resolved Gitspace spec.
package enum ContainerTemplate {
    /// Keeps the container alive whatever the image's command (devcontainers' default
    /// `overrideCommand: true`), and exits promptly on SIGTERM.
    package static let keepAlive = [
        "/bin/sh", "-c", "echo Container started; trap 'exit 0' TERM; while sleep 3600 & wait $!; do :; done",
    ]

    /// A bound on processes, so a fork bomb in one Gitspace cannot starve the host.
    package static let pidsLimit: Int64 = 4096

    /// The workspace folder on the host and where the container sees it.
    package struct WorkspaceMount: Sendable, Hashable {
        package var host: String
        package var target: String
        /// The workspace is its own loop-mounted filesystem (an enforced `hardware.disk`). The engine must not
        /// restart such a container by itself after a reboot, before gitspaces has mounted the workspace again:
        /// it would bind the empty folder underneath. Gitspaces starts it (apply, or the daemon's next pass).
        package var ownFilesystem: Bool
        /// `host` names an engine volume on the container's node (a swarm), not a host folder.
        package var isVolume: Bool

        package init(host: String, target: String, ownFilesystem: Bool = false, isVolume: Bool = false) {
            self.host = host
            self.target = target
            self.ownFilesystem = ownFilesystem
            self.isVolume = isVolume
        }
    }

    /// A container port published on the host.
    package struct PublishedPort: Sendable, Hashable, CustomStringConvertible {
        package var hostIP: String
        package var hostPort: Int
        package var containerPort: Int
        /// `tcp` or `udp`.
        package var proto: String

        package init(hostIP: String, hostPort: Int, containerPort: Int, proto: String = "tcp") {
            self.hostIP = hostIP
            self.hostPort = hostPort
            self.containerPort = containerPort
            self.proto = proto
        }

        /// The engine's key: `8080/tcp`.
        package var key: String { "\(containerPort)/\(proto)" }

        /// `127.0.0.1:20001→8080` (`/udp` added for UDP).
        package var description: String {
            "\(hostIP):\(hostPort)→\(containerPort)" + (proto == "tcp" ? "" : "/\(proto)")
        }
    }

    package static func spec(
        name: String, instance: String, resolved: ResolvedSpec, image: String, commit: String?,
        workspace: WorkspaceMount? = nil, devcontainer: ResolvedDevContainer? = nil, ports: [PublishedPort] = [],
        volumes: [GitspaceVolumes.Claim] = [], imageCommand: [String] = []
    ) -> ContainerSpec {
        var host = HostConfig(
            nanoCPUs: resolved.hardware.cpus.nanoCPUs, memory: resolved.hardware.memory.bytes,
            // Swap equal to memory: no swap beyond the declared memory.
            memorySwap: resolved.hardware.memory.bytes, pidsLimit: pidsLimit, initProcess: true,
            restartPolicy: workspace?.ownFilesystem == true ? .never : .unlessStopped)
        if resolved.hardware.gpus > 0 {
            host.deviceRequests = [.gpus(count: resolved.hardware.gpus)]
        }
        for port in ports {
            host.portBindings[port.key, default: []].append(
                PortBinding(hostIP: port.hostIP, hostPort: String(port.hostPort)))
        }
        var labels = devcontainer?.runOptions.labels ?? [:]
        labels.merge(
            ContainerIdentity.labels(
                name: name, instance: instance, spec: resolved, commit: commit,
                remoteUser: devcontainer.flatMap { $0.remoteUser ?? $0.containerUser })
        ) { $1 }
        var env = devcontainer?.containerEnv ?? [:]
        env.merge(resolved.env) { _, manifest in manifest }

        guard let devcontainer else {
            if let workspace {
                host.mounts = [Mount(type: .bind, source: workspace.host, target: workspace.target)]
            }
            return ContainerSpec(
                image: image, cmd: [], entrypoint: keepAlive, env: environment(env), labels: labels,
                workingDir: workspace?.target, hostname: name, exposedPorts: Set(ports.map(\.key)), hostConfig: host)
        }
        host.mounts = mounts(devcontainer, workspace: workspace, volumes: volumes)
        host.privileged = devcontainer.privileged
        host.capAdd = devcontainer.capAdd
        host.securityOpt = devcontainer.securityOpt
        let options = devcontainer.runOptions
        host.capDrop = options.capDrop
        host.extraHosts = options.extraHosts
        host.shmSize = options.shmSizeBytes
        host.ulimits = options.ulimits.map { HostConfig.Ulimit(name: $0.name, soft: $0.soft, hard: $0.hard) }
        host.dns = options.dns
        let command = command(devcontainer, imageCommand: imageCommand)
        return ContainerSpec(
            image: image, cmd: command.cmd, entrypoint: command.entrypoint, env: environment(env), labels: labels,
            user: devcontainer.containerUser, workingDir: devcontainer.workspaceFolder,
            hostname: devcontainer.runOptions.hostname ?? name, exposedPorts: Set(ports.map(\.key)), hostConfig: host)
    }

    /// What the container runs: the image metadata's entrypoints first (features such as docker-in-docker start
    /// their daemons there), in order, then the keep-alive loop (`overrideCommand`) or the image's own command
    /// (`imageCommand`: its entrypoint and cmd), as the reference implementation does.
    static func command(_ devcontainer: ResolvedDevContainer, imageCommand: [String])
        -> (entrypoint: [String]?, cmd: [String]?)
    {
        guard !devcontainer.entrypoints.isEmpty else {
            return devcontainer.overrideCommand ? (keepAlive, []) : (nil, nil)
        }
        let script =
            (["echo Container started", "trap 'exit 0' TERM"] + devcontainer.entrypoints + [
                "exec \"$@\"", "while sleep 3600 & wait $!; do :; done",
            ]).joined(separator: "\n")
        return (["/bin/sh", "-c", script, "-"], devcontainer.overrideCommand ? [] : imageCommand)
    }

    static func environment(_ env: [String: String]) -> [String] {
        env.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    }

    /// The workspace mount (the Gitspace's workspace where devcontainer.json binds the local folder), then
    /// `mounts` and `runArgs --tmpfs`, in order. The Policy has already refused host binds it does not allow.
    /// Named volumes are mounted from the engine volumes of `volumes` (see `GitspaceVolumes`), never by the name
    /// devcontainer.json writes.
    static func mounts(
        _ devcontainer: ResolvedDevContainer, workspace: WorkspaceMount?, volumes: [GitspaceVolumes.Claim] = []
    ) -> [Mount] {
        func engineMount(_ mount: DevContainerMount) -> Mount {
            var result = Self.engineMount(mount)
            if result.type == .volume, let source = mount.source {
                // A name without a claim is mounted as an anonymous volume rather than as written.
                result.source = volumes.first { $0.volume == source }?.engineName ?? ""
            }
            return result
        }
        var result: [Mount] = []
        let workspaceMount = devcontainer.workspaceMount
        if workspaceMount.type == .bind, let workspace, workspace.isVolume {
            result.append(
                Mount(
                    type: .volume, source: workspace.host, target: workspaceMount.target,
                    readOnly: workspaceMount.readOnly))
        } else if workspaceMount.type == .bind, let workspace {
            let source =
                workspaceMount.source == nil || workspaceMount.source == workspace.host
                ? workspace.host : workspaceMount.source ?? workspace.host
            result.append(
                Mount(type: .bind, source: source, target: workspaceMount.target, readOnly: workspaceMount.readOnly))
        } else if workspaceMount.type != .bind {
            result.append(engineMount(workspaceMount))
        }
        for mount in devcontainer.mounts { result.append(engineMount(mount)) }
        for (target, _) in devcontainer.runOptions.tmpfs.sorted(by: { $0.key < $1.key }) {
            result.append(Mount(type: .tmpfs, source: "", target: target))
        }
        return result
    }

    static func engineMount(_ mount: DevContainerMount) -> Mount {
        let kind: Mount.Kind =
            switch mount.type {
            case .bind: .bind
            case .volume: .volume
            case .tmpfs: .tmpfs
            }
        return Mount(type: kind, source: mount.source ?? "", target: mount.target, readOnly: mount.readOnly)
    }
}
