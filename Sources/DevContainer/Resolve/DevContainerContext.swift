/// What resolving a devcontainer.json needs to know about the Gitspace and the host.
///
/// Nothing here is read from the process: the caller decides what the config may see. In
/// particular ``localEnv`` holds only allow-listed variables; any other `${localEnv:…}` becomes
/// its default (or the empty string) with a warning, whatever the host's environment holds.
package struct DevContainerContext: Sendable, Hashable {
    /// The repository's name: the default workspace folder is `/workspaces/<repositoryName>`.
    package var repositoryName: String
    /// The workspace directory on the host (`${localWorkspaceFolder}`), bound into the container.
    package var localWorkspaceFolder: String
    /// The values `${localEnv:NAME}` may use: the allow-list, already filtered.
    package var localEnv: [String: String]
    /// The labels identifying the container; `${devcontainerId}` is computed from them.
    package var idLabels: [String: String]
    /// The running container's environment, for `${containerEnv:NAME}`; nil before the container
    /// exists (the references are then kept as written for the runtime, see
    /// ``ResolvedDevContainer/pendingContainerEnv``).
    package var containerEnv: [String: String]?

    package init(
        repositoryName: String, localWorkspaceFolder: String, localEnv: [String: String] = [:],
        idLabels: [String: String], containerEnv: [String: String]? = nil
    ) {
        self.repositoryName = repositoryName
        self.localWorkspaceFolder = localWorkspaceFolder
        self.localEnv = localEnv
        self.idLabels = idLabels
        self.containerEnv = containerEnv
    }

    /// Keeps only the allow-listed names of `environment` (for building ``localEnv``).
    package static func allowListed(_ names: some Sequence<String>, from environment: [String: String]) -> [String:
        String]
    {
        var result: [String: String] = [:]
        for name in names { if let value = environment[name] { result[name] = value } }
        return result
    }

    /// The repository name of a clone URL: `https://host/acme/payments.git` → `payments`.
    package static func repositoryName(fromURL url: String) -> String {
        var text = Substring(url)
        while text.hasSuffix("/") { text = text.dropLast() }
        if text.hasSuffix(".git") { text = text.dropLast(4) }
        let last = text.split(whereSeparator: { $0 == "/" || $0 == ":" }).last.map(String.init) ?? ""
        return last.isEmpty ? "workspace" : last
    }
}
