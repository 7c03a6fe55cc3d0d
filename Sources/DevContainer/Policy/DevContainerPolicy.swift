/// What a devcontainer.json may ask for: the `Policy.spec.devcontainer` rules of the config
/// repository. devcontainer.json comes from the source repository, which is less trusted than the
/// reviewed config repository, so everything dangerous is refused unless allowed here.
package struct DevContainerPolicy: Sendable, Hashable {
    /// Allows `privileged` (and `runArgs --privileged`), and the securityOpt values that lift a
    /// confinement (``dangerousSecurityOptions``).
    package var allowPrivileged: Bool
    /// Allows bind mounts of host paths other than the workspace itself.
    package var allowHostMounts: Bool
    /// Capabilities `capAdd` may add (`SYS_PTRACE`; `ALL` only when listed).
    package var allowCapAdd: [String]
    /// Allows `runArgs --device` (not part of the manifest's Policy yet; false by default).
    package var allowDevices: Bool

    package init(
        allowPrivileged: Bool = false, allowHostMounts: Bool = false, allowCapAdd: [String] = [],
        allowDevices: Bool = false
    ) {
        self.allowPrivileged = allowPrivileged
        self.allowHostMounts = allowHostMounts
        self.allowCapAdd = allowCapAdd
        self.allowDevices = allowDevices
    }

    /// The policy when the config repository has none: nothing dangerous is allowed.
    package static let restrictive = DevContainerPolicy()

    /// securityOpt values that switch off a confinement (either `=` or the older `:` form).
    package static let dangerousSecurityOptions: Set<String> = [
        "seccomp=unconfined", "apparmor=unconfined", "label=disable", "systempaths=unconfined",
    ]

    static func normalizedSecurityOption(_ option: String) -> String {
        var text = option.lowercased().trimmed
        if let colon = text.firstIndex(of: ":"), !text.contains("=") {
            text.replaceSubrange(colon...colon, with: "=")
        }
        return text
    }

    /// Every refusal, each naming the property and the line it comes from.
    package func check(_ resolution: DevContainerResolution) -> [DevContainerDiagnostic] {
        var errors: [DevContainerDiagnostic] = []
        let resolved = resolution.resolved
        func refuse(_ key: String, _ message: String) {
            errors.append(DevContainerDiagnostic(.error, at: resolution.source(of: key), message))
        }

        if resolved.privileged && !allowPrivileged {
            let property = resolution.source(of: "privileged").property
            refuse(
                "privileged",
                "\"\(property)\" asks for a privileged container; refused unless the Policy sets devcontainer.allowPrivileged"
            )
        }

        let allowedCapabilities = Set(allowCapAdd.map(RunArgsParser.normalizeCapability))
        for capability in resolved.capAdd where !allowedCapabilities.contains(capability) {
            let property = resolution.source(of: "capAdd:\(capability)").property
            let allowed =
                allowedCapabilities.isEmpty
                ? "none are allowed" : "allowed: \(allowedCapabilities.sorted().joined(separator: ", "))"
            refuse(
                "capAdd:\(capability)",
                "\"\(property)\" adds capability \(capability), which the Policy's devcontainer.allowCapAdd does not list (\(allowed))"
            )
        }

        for option in resolved.securityOpt
        where Self.dangerousSecurityOptions.contains(Self.normalizedSecurityOption(option)) && !allowPrivileged {
            let property = resolution.source(of: "securityOpt:\(option)").property
            refuse(
                "securityOpt:\(option)",
                "\"\(property)\" sets securityOpt \(option), which lifts the container's confinement; refused unless the Policy sets devcontainer.allowPrivileged"
            )
        }

        if !allowHostMounts {
            let workspace = Self.normalizedPath(resolution.localWorkspaceFolder)
            for mount in resolved.mounts
            where mount.type == .bind && Self.normalizedPath(mount.source ?? "") != workspace {
                let property = resolution.source(of: "mount:\(mount.targetKey)").property
                refuse(
                    "mount:\(mount.targetKey)",
                    "\"\(property)\" binds the host path \(mount.source ?? "") into the container at \(mount.target); host bind mounts other than the workspace are refused unless the Policy sets devcontainer.allowHostMounts"
                )
            }
            let workspaceMount = resolved.workspaceMount
            if workspaceMount.type == .bind && Self.normalizedPath(workspaceMount.source ?? "") != workspace {
                refuse(
                    "workspaceMount",
                    "\"workspaceMount\" binds the host path \(workspaceMount.source ?? "") instead of the workspace; refused unless the Policy sets devcontainer.allowHostMounts"
                )
            }
        }

        for ulimit in resolved.runOptions.ulimits
        where ulimit.name == "rtprio" && ulimit.hard != 0 && !allowPrivileged {
            let property = resolution.source(of: "ulimit:rtprio").property
            refuse(
                "ulimit:rtprio",
                "\"\(property)\" lets processes take realtime priority, which the cpus limit does not bound; refused unless the Policy sets devcontainer.allowPrivileged"
            )
        }

        if !allowDevices {
            for device in resolved.runOptions.devices {
                let property = resolution.source(of: "device:\(device.hostPath)").property
                refuse(
                    "device:\(device.hostPath)",
                    "\"\(property)\" passes the host device \(device.hostPath) into the container; host devices are refused by the Policy"
                )
            }
        }
        return errors.sorted()
    }

    /// A lexically normalised absolute path (`//a/./b/../c/` → `/a/c`); `..` above the root stays
    /// visible so it never compares equal to a real folder. A relative path stays relative.
    static func normalizedPath(_ path: String) -> String {
        var components: [Substring] = []
        for component in path.split(separator: "/") {
            switch component {
            case ".": continue
            case "..":
                if let last = components.last, last != ".." {
                    components.removeLast()
                } else {
                    components.append(component)
                }
            default: components.append(component)
            }
        }
        return (path.hasPrefix("/") ? "/" : "") + components.joined(separator: "/")
    }
}
