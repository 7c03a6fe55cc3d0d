/// A resolved dev container with its warnings and the places its policy-relevant values came from.
package struct DevContainerResolution: Sendable, Hashable {
    package var resolved: ResolvedDevContainer
    /// Unknown properties, repeated keys, non-allow-listed variables, `initializeCommand`…
    package var warnings: [DevContainerDiagnostic]
    /// Where values came from, by key: `privileged`, `init`, `capAdd:NAME`, `securityOpt:VALUE`,
    /// `mount:TARGET`, `workspaceMount`, `device:PATH`, `hostRequirements.cpus|memory|storage|gpu`, `features`.
    package var sources: [String: DevContainerSource]
    /// The host workspace directory: the only host path a bind mount may use without `allowHostMounts`.
    package var localWorkspaceFolder: String

    package init(
        resolved: ResolvedDevContainer, warnings: [DevContainerDiagnostic], sources: [String: DevContainerSource],
        localWorkspaceFolder: String
    ) {
        self.resolved = resolved
        self.warnings = warnings
        self.sources = sources
        self.localWorkspaceFolder = localWorkspaceFolder
    }

    /// Where `key` came from, or the config file itself when unknown.
    package func source(of key: String) -> DevContainerSource {
        sources[key] ?? DevContainerSource(file: resolved.configFile, mark: nil, property: key)
    }
}
