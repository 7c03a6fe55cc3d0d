/// The manifest vocabulary: kinds and the fields each mapping accepts.
///
/// The JSON Schema in `schema/gitspaces.schema.json` is checked against these tables by a test.
public enum ManifestSchema {
    public static let apiVersion = "gitspaces/v1"
    public static let kinds = ["Gitspace", "HardwareProfile", "Policy"]

    public static let document = ["apiVersion", "kind", "metadata", "spec"]
    public static let metadata = ["name", "labels", "annotations"]
    public static let gitspaceSpec = [
        "repo", "branch", "devcontainer", "hardware", "state", "owner", "ssh", "env", "credentials", "deletionPolicy",
    ]
    public static let ssh = ["authorizedKeys"]
    public static let hardware = ["cpus", "memory", "disk", "gpus"]
    public static let policySpec = ["maxHardware", "allowedRepos", "devcontainer", "maxDeletions"]
    public static let policyDevcontainer = [
        "allowPrivileged", "allowHostMounts", "allowCapAdd", "sharedVolumes", "allowedFeatures",
    ]

    /// Whether a path in a config repository holds manifests: `*.yaml` or `*.yml`, with no
    /// file or folder on the way starting with `.`.
    public static func isManifestPath(_ path: String) -> Bool {
        guard path.hasSuffix(".yaml") || path.hasSuffix(".yml") else { return false }
        return !path.split(separator: "/").contains { $0.hasPrefix(".") }
    }
}
