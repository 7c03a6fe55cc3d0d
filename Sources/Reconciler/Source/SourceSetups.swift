import GitspacesCore

/// The half of a reconcile pass that needs no engine: each Gitspace's source read (one fetch per repository), the
/// features its devcontainer.json asks for fetched, and that devcontainer.json resolved for its container.
struct SourceSetups: Sendable {
    let resolver: SourceResolver
    let features: any FeatureFetching
    let workspaces: WorkspaceStore
    let instance: String
    let localEnv: [String: String]

    /// By Gitspace name: the source with its `setup`, or why it could not be read or resolved; no entry for a
    /// Gitspace whose source was not resolved at all.
    func resolve(_ desired: DesiredState) async -> [String: Result<ResolvedSource, ApplyError>] {
        let fetched = await Reconciliation.fetchFeatures(
            of: await resolver.resolve(desired.gitspaces), fetcher: features)
        var results: [String: Result<ResolvedSource, ApplyError>] = [:]
        for gitspace in desired.gitspaces {
            guard case .success(var source) = fetched[gitspace.name] else {
                results[gitspace.name] = fetched[gitspace.name]
                continue
            }
            let setup = DevContainerSetup.resolve(
                gitspace: gitspace, source: source, policy: desired.policy, instance: instance,
                workspace: workspaces.path(for: gitspace.name), localEnv: localEnv)
            switch setup {
            case .success(let setup):
                source.image = setup.image
                source.setup = setup
                results[gitspace.name] = .success(source)
            case .failure(let error):
                results[gitspace.name] = .failure(error)
            }
        }
        return results
    }
}
