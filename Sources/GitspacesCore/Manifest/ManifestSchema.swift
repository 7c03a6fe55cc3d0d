/// The manifest vocabulary: kinds and the fields each mapping accepts.
///
/// The JSON Schema in `schema/gitspaces.schema.json` is checked against these tables by a test.
package enum ManifestSchema {
    package static let apiVersion = "gitspaces/v1"
    package static let kinds = ["Gitspace", "HardwareProfile", "Policy"]

    package static let document = ["apiVersion", "kind", "metadata", "spec"]
    package static let metadata = ["name", "labels", "annotations"]
    package static let gitspaceSpec = [
        "repo", "branch", "devcontainer", "hardware", "state", "owner", "ssh", "env", "credentials", "deletionPolicy",
        "idleTimeout", "dotfiles",
    ]
    package static let ssh = ["authorizedKeys"]
    package static let hardware = ["cpus", "memory", "disk", "gpus"]
    /// A HardwareProfile's spec: its hardware, and defaults for the Gitspaces that use it.
    package static let hardwareProfileSpec = hardware + ["idleTimeout"]
    package static let policySpec = [
        "maxHardware", "allowedRepos", "devcontainer", "maxDeletions",
        "idleTimeout", "dotfiles",
    ]
    package static let dotfiles = ["repo", "branch", "installCommand", "credentials"]
    package static let policyDevcontainer = [
        "allowPrivileged", "allowHostMounts", "allowCapAdd", "sharedVolumes", "allowedFeatures",
    ]

    /// Whether a path in a config repository holds manifests: `*.yaml` or `*.yml`, with no
    /// file or folder on the way starting with `.`.
    package static func isManifestPath(_ path: String) -> Bool {
        guard path.hasSuffix(".yaml") || path.hasSuffix(".yml") else { return false }
        // A `.` at the start or right after a `/`, scanned without splitting (10,000 paths per revision in a diff).
        var previous = UInt8(ascii: "/")
        for byte in path.utf8 {
            if byte == UInt8(ascii: "."), previous == UInt8(ascii: "/") { return false }
            previous = byte
        }
        return true
    }
}
