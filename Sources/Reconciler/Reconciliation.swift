package import DockerEngine
package import GitKit
package import GitspacesCore
import Shared

/// One pass of desired against actual: observe the engine, resolve the sources, plan.
package struct Reconciliation: Sendable {
    package var observation: Observation
    package var plan: Plan
    /// Gitspaces whose source could not be read, with why. They keep their current image in the
    /// plan (no replace because of a fetch failure); their creates fail with this message.
    package var unresolved: [String: String]
    package var sources: [String: ResolvedSource]
    /// What the user should know about a Gitspace's devcontainer.json that stops nothing (warnings,
    /// `initializeCommand` not run), by Gitspace name.
    package var notes: [String: [String]] = [:]

    /// Observes `instance` on the engine and plans `desired` against it. `localEnv` holds the host variables
    /// devcontainer.json may read as `${localEnv:NAME}` (an allow-list, already filtered; none by default).
    /// `observed`, when given, is the engine's observation already under way (`apply` starts the list while it
    /// reads the manifests); otherwise the list is made here.
    package static func prepare(
        desired: DesiredState, runtime: any ContainerRuntime, instance: String, stateDirectory: String,
        credentialsDirectory: String? = nil, allowMassDelete: Bool = false, localEnv: [String: String] = [:],
        insecureRegistries: [String] = [], fetchProgress: (@Sendable (String, FetchProgress) -> Void)? = nil,
        observed: Task<Observation, any Error>? = nil
    ) async throws -> Reconciliation {
        let layout = StateLayout(stateDirectory: stateDirectory, instance: instance)
        let sources = SourceSetups(
            resolver: SourceResolver(
                mirrorsDirectory: layout.mirrors, credentialsDirectory: credentialsDirectory,
                progress: fetchProgress),
            features: FeatureFetcher(
                cacheDirectory: layout.featuresCache, credentialsDirectory: credentialsDirectory,
                insecureRegistries: insecureRegistries),
            workspaces: WorkspaceStore(layout: layout), instance: instance, localEnv: localEnv)
        // The sources (fetch, features, each Gitspace's devcontainer.json) and the engine's list are independent:
        // overlap them.
        async let resolving = sources.resolve(desired)
        let engine: Observation
        if let observed {
            engine = try await observed.value
        } else {
            engine = try await EngineObserver(runtime: runtime, layout: layout).observe()
        }
        // A Gitspace stopped for being idle is as intended: the plan does not start it again.
        let observation = await BlockingWork.run { IdleRecords(layout: layout).intended(engine, desired: desired) }
        let setups = await resolving
        let observedSpecs = Dictionary(
            observation.gitspaces.map { ($0.name, $0.spec) }, uniquingKeysWith: { first, _ in first })
        var resolved: [String: ResolvedSpec] = [:]
        var unresolved: [String: String] = [:]
        var resolvedSources: [String: ResolvedSource] = [:]
        var notes: [String: [String]] = [:]
        for gitspace in desired.gitspaces {
            var spec = ResolvedSpec(gitspace)
            let observed = observedSpecs[gitspace.name]
            var failure: String?
            switch setups[gitspace.name] {
            case .success(let source):
                if let setup = source.setup {
                    spec.image = setup.image
                    spec.hardware = setup.hardware
                    spec.devcontainerConfig = setup.config.isEmpty ? nil : setup.config
                    if !setup.notes.isEmpty { notes[gitspace.name] = setup.notes }
                }
                resolvedSources[gitspace.name] = source
            case .failure(let error):
                failure = error.message
            case nil:
                failure = "its source was not resolved"
            }
            if let failure {
                // No replace because a source could not be read: the container keeps what it has.
                spec.image = observed?.image
                spec.devcontainerConfig = observed?.devcontainerConfig
                if gitspace.hardwareSource == .builtinDefault, let observed { spec.hardware = observed.hardware }
                unresolved[gitspace.name] = failure
            }
            // Hooks still to run on the container are an in-place change towards "done".
            if observed?.lifecycle != nil { spec.lifecycle = "done" }
            resolved[gitspace.name] = spec
        }
        let plan = GitspacesCore.plan(
            desired: desired, observed: observation.gitspaces,
            options: PlanOptions(allowMassDelete: allowMassDelete, resolved: resolved))
        return Reconciliation(
            observation: observation, plan: plan, unresolved: unresolved, sources: resolvedSources, notes: notes)
    }

    /// Fetches the registry and tarball features each resolved source asks for. Gitspaces reading the same
    /// devcontainer.json at the same commit share one fetch; a failure fails only the Gitspaces that need it.
    static func fetchFeatures(
        of results: [String: Result<ResolvedSource, ApplyError>], fetcher: any FeatureFetching
    ) async -> [String: Result<ResolvedSource, ApplyError>] {
        var fetched: [String: Result<ResolvedSource, ApplyError>] = [:]
        var done: [String: Result<ResolvedSource, ApplyError>] = [:]
        for (name, result) in results.sorted(by: { $0.key < $1.key }) {
            guard case .success(let source) = result, source.configText != nil else {
                fetched[name] = result
                continue
            }
            let key = [source.mirror, source.commit, source.configPath ?? ""].joined(separator: "\u{0}")
            if done[key] == nil { done[key] = await DevContainerSetup.fetchFeatures(source, fetcher: fetcher) }
            fetched[name] = done[key]
        }
        return fetched
    }
}
