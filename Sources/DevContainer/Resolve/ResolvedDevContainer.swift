package import Shared

/// The merged, substituted dev container configuration: what the engine side creates, and what
/// `gitspaces devcontainer resolve` prints. It holds no source positions, so a comment or a
/// moved line in devcontainer.json does not change it (nor a spec hash computed from it).
package struct ResolvedDevContainer: Sendable, Hashable, Encodable {
    /// The devcontainer.json it came from (repository-relative), or the built-in default's name.
    package var configFile: String
    package var name: String?
    /// The image to run; nil when ``build`` is set.
    package var image: String?
    package var build: ResolvedBuild?
    package var containerEnv: [String: String]
    /// A nil value unsets the variable for remote processes.
    package var remoteEnv: [String: String?]
    package var containerUser: String?
    package var remoteUser: String?
    package var updateRemoteUserUID: Bool?
    package var userEnvProbe: String?
    package var waitFor: String?
    /// Where the tools open and lifecycle commands run (default `/workspaces/<repo>`).
    package var workspaceFolder: String
    /// How the workspace is mounted (default: a bind of the host workspace at `/workspaces/<repo>`).
    package var workspaceMount: DevContainerMount
    package var mounts: [DevContainerMount]
    package var forwardPorts: [ForwardPort]
    package var appPort: [AppPort]
    package var portsAttributes: [String: JSONTree]
    package var otherPortsAttributes: JSONTree?
    /// The engine fields from `runArgs` (capAdd, securityOpt, privileged and init are folded into the fields below).
    package var runOptions: RunOptions
    package var privileged: Bool
    /// The `init` property.
    package var initProcess: Bool
    package var capAdd: [String]
    package var securityOpt: [String]
    /// Run `/bin/sh -c "while sleep 1000; do :; done"` instead of the image's command (default true).
    package var overrideCommand: Bool
    package var shutdownAction: String?
    package var hostRequirements: HostRequirements?
    package var features: [DevContainerFeature]
    /// Per tool, the customizations of each metadata entry, image first.
    package var customizations: [String: [JSONTree]]
    /// Image metadata entrypoints, in order.
    package var entrypoints: [String]
    /// Per hook, the commands to run in order: image metadata first, devcontainer.json last.
    /// `initializeCommand` is kept for display and never run.
    package var lifecycle: [LifecycleHook: [LifecycleStep]]
    package var devcontainerId: String
    /// Names used as `${containerEnv:NAME}` that stay as written until the container's environment
    /// is known (resolve again with ``DevContainerContext/containerEnv`` to finish them).
    package var pendingContainerEnv: [String]

    /// The commands of one hook.
    package func commands(for hook: LifecycleHook) -> [LifecycleStep] { lifecycle[hook] ?? [] }

    /// The value as JSON: keys sorted, no positions.
    package var canonical: JSONTree {
        var object: [String: JSONTree] = [
            "configFile": .string(configFile),
            "containerEnv": .stringMap(containerEnv),
            "remoteEnv": .object(remoteEnv.mapValues { JSONTree.optional($0) }),
            "workspaceFolder": .string(workspaceFolder),
            "workspaceMount": workspaceMount.canonical,
            "mounts": .array(mounts.map(\.canonical)),
            "forwardPorts": .array(forwardPorts.map(\.canonical)),
            "appPort": .array(appPort.map(\.canonical)),
            "portsAttributes": .object(portsAttributes),
            "runArgs": runOptions.canonicalEngineFields,
            "privileged": .bool(privileged),
            "init": .bool(initProcess),
            "capAdd": .strings(capAdd),
            "securityOpt": .strings(securityOpt),
            "overrideCommand": .bool(overrideCommand),
            "features": .object(Dictionary(features.map { ($0.id, $0.options) }, uniquingKeysWith: { $1 })),
            "customizations": .object(customizations.mapValues { .array($0) }),
            "entrypoints": .strings(entrypoints),
            "lifecycle": .object(
                Dictionary(
                    lifecycle.filter { !$0.value.isEmpty }.map { ($0.key.rawValue, .array($0.value.map(\.canonical))) },
                    uniquingKeysWith: { $1 })),
            "devcontainerId": .string(devcontainerId),
            "pendingContainerEnv": .strings(pendingContainerEnv),
        ]
        object["name"] = name.map { .string($0) }
        object["image"] = image.map { .string($0) }
        object["build"] = build?.canonical
        object["containerUser"] = containerUser.map { .string($0) }
        object["remoteUser"] = remoteUser.map { .string($0) }
        object["updateRemoteUserUID"] = updateRemoteUserUID.map { .bool($0) }
        object["userEnvProbe"] = userEnvProbe.map { .string($0) }
        object["waitFor"] = waitFor.map { .string($0) }
        object["otherPortsAttributes"] = otherPortsAttributes
        object["shutdownAction"] = shutdownAction.map { .string($0) }
        object["hostRequirements"] = hostRequirements?.canonical
        return .object(object)
    }

    /// Deterministic JSON text (sorted keys) for `gitspaces devcontainer resolve`.
    package func json(pretty: Bool = true) -> String { canonical.rendered(pretty: pretty) }

    package func encode(to encoder: any Encoder) throws { try canonical.encode(to: encoder) }
}
