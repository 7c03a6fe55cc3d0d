import DevContainer
package import GitKit
package import GitspacesCore

/// `gitspaces devcontainer build`: a repository's devcontainer image built ahead of any Gitspace, by the code a
/// create runs (the mirror fetched with libgit2, the config resolved, ``ApplyExecutor/ensureImages(_:image:source:)``)
/// so that it carries the tag a Gitspace of that repository and branch will ask for, and its apply builds nothing.
package struct Prebuild: Sendable {
    /// The name builds are logged under (`logs/_prebuild.log`): never a Gitspace's, names have no `_`.
    package static let logName = "_prebuild"

    /// What was built, for the command's output.
    package struct Outcome: Sendable, Hashable {
        /// The image a Gitspace of the repository runs: the Dockerfile build's or the features image's tag, or
        /// the config's image (pulled when missing).
        package var image: String
        /// Whether a build ran (false: every image was on the engine already, or none is built).
        package var built: Bool
        package var commit: String
        package var branch: String?
        /// The devcontainer.json read; nil for the built-in default.
        package var configPath: String?
        /// "built TAG", "image TAG already built".
        package var notes: [String]
        package var logPath: String
    }

    /// Why a prebuild did not happen: the stage tells the exit code (the source vs the config vs the build).
    package struct Failure: Error, Sendable, CustomStringConvertible {
        package enum Stage: Sendable, Hashable {
            /// The repository could not be fetched or read at the branch.
            case source
            /// devcontainer.json (or its features) does not resolve.
            case config
            /// The image build (or the pull of its base) failed.
            case build
        }

        package var stage: Stage
        package var error: ApplyError
        package var description: String { error.message }
    }

    package var runtime: any ContainerRuntime
    package var instance: String
    package var stateDirectory: String
    package var credentialsDirectory: String?
    package var insecureRegistries: [String] = []
    package var localEnv: [String: String] = [:]
    package var progress: (@Sendable (String, FetchProgress) -> Void)?

    package init(
        runtime: any ContainerRuntime, instance: String, stateDirectory: String, credentialsDirectory: String? = nil
    ) {
        self.runtime = runtime
        self.instance = instance
        self.stateDirectory = stateDirectory
        self.credentialsDirectory = credentialsDirectory
    }

    /// Fetches `repo` into its mirror, resolves its devcontainer.json at `branch` (or the remote's HEAD), the
    /// one at `devcontainer` if given, and builds what a Gitspace of it runs.
    package func run(repo: String, branch: String?, devcontainer: String?, credentials: String? = nil)
        async throws(Failure) -> Outcome
    {
        let layout = StateLayout(stateDirectory: stateDirectory, instance: instance)
        let gitspace = Gitspace(
            name: Self.logName, repo: repo, branch: branch, devcontainer: devcontainer, credentials: credentials)
        let resolver = SourceResolver(
            mirrorsDirectory: layout.mirrors, credentialsDirectory: credentialsDirectory, progress: progress)
        let fetched = await resolver.resolve([gitspace])
        guard case .success = fetched[gitspace.name] else {
            let error = Self.error(fetched[gitspace.name])
            throw Failure(stage: error.cause is DevContainerError ? .config : .source, error: error)
        }
        let features = FeatureFetcher(
            cacheDirectory: layout.featuresCache, credentialsDirectory: credentialsDirectory,
            insecureRegistries: insecureRegistries)
        let result = await Reconciliation.fetchFeatures(of: fetched, fetcher: features)[gitspace.name]
        guard case .success(var source) = result else {
            throw Failure(stage: .config, error: Self.error(result))
        }
        let setup: DevContainerSetup
        switch DevContainerSetup.resolve(
            gitspace: gitspace, source: source, policy: Policy(), instance: instance,
            workspace: WorkspaceStore(layout: layout).path(for: gitspace.name), localEnv: localEnv)
        {
        case .success(let value): setup = value
        case .failure(let error): throw Failure(stage: .config, error: error)
        }
        source.image = setup.image
        source.setup = setup
        let executor = ApplyExecutor(
            runtime: runtime, instance: instance, records: AppliedRecords(layout: layout), commit: nil)
        let notes: [String]
        do {
            notes = try await executor.ensureImages(gitspace.name, image: setup.image, source: source)
        } catch {
            throw Failure(stage: .build, error: ApplyError.wrapping(error, operation: nil))
        }
        return Outcome(
            image: setup.image, built: notes.contains { $0.hasPrefix("built ") }, commit: source.commit,
            branch: source.branch, configPath: source.configPath, notes: notes,
            logPath: GitspaceLog(layout: layout, name: gitspace.name).path)
    }

    private static func error(_ result: Result<ResolvedSource, ApplyError>?) -> ApplyError {
        if case .failure(let error) = result { return error }
        return ApplyError(.unresolved, "the source was not resolved")
    }
}
