public import DockerEngine
public import GitspacesCore

/// One pass of desired against actual: observe the engine, resolve the sources, plan.
public struct Reconciliation: Sendable {
    public var observation: Observation
    public var plan: Plan
    /// Gitspaces whose source could not be read, with why. They keep their current image in the
    /// plan (no replace because of a fetch failure); their creates fail with this message.
    public var unresolved: [String: String]
    public var sources: [String: ResolvedSource]

    /// Observes `instance` on the engine and plans `desired` against it.
    public static func prepare(
        desired: DesiredState, docker: DockerClient, instance: String, stateDirectory: String,
        credentialsDirectory: String? = nil, allowMassDelete: Bool = false
    ) async throws -> Reconciliation {
        let records = AppliedRecords(stateDirectory: stateDirectory, instance: instance)
        let resolver = SourceResolver(
            mirrorsDirectory: stateDirectory + "/mirrors", credentialsDirectory: credentialsDirectory)
        // Fetching sources and listing containers are independent: overlap them.
        async let fetched = resolver.resolve(desired.gitspaces)
        let observation = try await EngineObserver(docker: docker, instance: instance, records: records).observe()
        let results = await fetched
        let observedSpecs = Dictionary(observation.gitspaces.map { ($0.name, $0.spec) }, uniquingKeysWith: { first, _ in first })
        var resolved: [String: ResolvedSpec] = [:]
        var unresolved: [String: String] = [:]
        var sources: [String: ResolvedSource] = [:]
        for gitspace in desired.gitspaces {
            var spec = ResolvedSpec(gitspace)
            switch results[gitspace.name] {
            case .success(let source):
                spec.image = source.image
                sources[gitspace.name] = source
            case .failure(let error):
                spec.image = observedSpecs[gitspace.name]?.image
                unresolved[gitspace.name] = error.message
            case nil:
                unresolved[gitspace.name] = "its source was not resolved"
            }
            resolved[gitspace.name] = spec
        }
        let plan = GitspacesCore.plan(
            desired: desired, observed: observation.gitspaces,
            options: PlanOptions(allowMassDelete: allowMassDelete, resolved: resolved))
        return Reconciliation(observation: observation, plan: plan, unresolved: unresolved, sources: sources)
    }
}
