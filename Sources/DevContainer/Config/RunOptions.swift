import Shared

/// The `runArgs` Gitspaces understands, mapped to typed engine fields.
///
/// The supported subset (anything else is refused by name, see ``RunArgsParser``):
///
/// | runArgs | field | notes |
/// |---|---|---|
/// | `--cap-add X` | `capAdd` | merged into `capAdd`; policy-checked |
/// | `--cap-drop X` | `capDrop` | |
/// | `--security-opt X` | `securityOpt` | merged into `securityOpt`; dangerous values policy-checked |
/// | `--init` | `initProcess` | merged into `init` |
/// | `--privileged` | `privileged` | merged into `privileged`; policy-checked |
/// | `-e K=V`, `--env K=V` | `env` | `-e K` alone (copy from the host) is refused |
/// | `-l K=V`, `--label K=V` | `labels` | `dev.gitspaces.*` is reserved |
/// | `--add-host H:IP` | `extraHosts` | |
/// | `--shm-size 1g` | `shmSizeBytes` | |
/// | `--ulimit nofile=1024:2048` | `ulimits` | |
/// | `--device /dev/x[:/dev/y[:rwm]]` | `devices` | policy-checked (`allowDevices`) |
/// | `--tmpfs /path[:opts]` | `tmpfs` | |
/// | `--dns IP` | `dns` | |
/// | `-h NAME`, `--hostname NAME` | `hostname` | |
///
/// Flags take their value as the next element or after `=` (`--cap-add=SYS_PTRACE`).
package struct RunOptions: Sendable, Hashable {
    package var capAdd: [String] = []
    package var capDrop: [String] = []
    package var securityOpt: [String] = []
    package var privileged = false
    package var initProcess = false
    package var env: [String: String] = [:]
    package var labels: [String: String] = [:]
    package var extraHosts: [String] = []
    package var shmSizeBytes: Int64?
    package var ulimits: [Ulimit] = []
    package var devices: [DeviceMapping] = []
    package var tmpfs: [String: String] = [:]
    package var dns: [String] = []
    package var hostname: String?
    /// Which `runArgs` element set a policy-relevant option (`capAdd:SYS_PTRACE`, `privileged`, `device:/dev/fuse`).
    var argumentIndex: [String: Int] = [:]

    package init() {}

    /// The options that are not folded into other properties, for the resolved output.
    var canonicalEngineFields: JSONTree {
        var object: [String: JSONTree] = [:]
        if !capDrop.isEmpty { object["capDrop"] = .strings(capDrop) }
        if !env.isEmpty { object["env"] = .stringMap(env) }
        if !labels.isEmpty { object["labels"] = .stringMap(labels) }
        if !extraHosts.isEmpty { object["extraHosts"] = .strings(extraHosts) }
        if let shmSizeBytes { object["shmSize"] = .number(String(shmSizeBytes)) }
        if !ulimits.isEmpty { object["ulimits"] = .array(ulimits.map(\.canonical)) }
        if !devices.isEmpty { object["devices"] = .array(devices.map(\.canonical)) }
        if !tmpfs.isEmpty { object["tmpfs"] = .stringMap(tmpfs) }
        if !dns.isEmpty { object["dns"] = .strings(dns) }
        if let hostname { object["hostname"] = .string(hostname) }
        return .object(object)
    }

    func mapStrings(_ transform: (String) -> String) -> RunOptions {
        var copy = self
        copy.capAdd = capAdd.map(transform)
        copy.capDrop = capDrop.map(transform)
        copy.securityOpt = securityOpt.map(transform)
        copy.env = env.mapValues(transform)
        copy.labels = labels.mapValues(transform)
        copy.extraHosts = extraHosts.map(transform)
        copy.tmpfs = tmpfs.mapValues(transform)
        copy.dns = dns.map(transform)
        copy.hostname = hostname.map(transform)
        copy.devices = devices.map {
            DeviceMapping(
                hostPath: transform($0.hostPath), containerPath: transform($0.containerPath),
                permissions: $0.permissions)
        }
        return copy
    }
}
