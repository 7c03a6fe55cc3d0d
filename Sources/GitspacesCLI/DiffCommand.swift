import ArgumentParser
import DevContainer
import Foundation
import GitspacesCore
import Reconciler
import Shared

/// `--format` for plans.
enum PlanFormatArgument: String, ExpressibleByArgument, CaseIterable {
    case text, markdown, json

    var format: PlanFormat { PlanFormat(rawValue: rawValue) ?? .text }
}

/// `gitspaces diff`: what a change to the config repository would do, as a plan.
struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show the plan a config change would make: exit 0 no changes, 1 changes, 2 invalid, 3 git failure.",
        discussion: """
            Pull-request review (no engine needed): the desired state at --head against the
            desired state at --base, both read straight from git.

              gitspaces diff --repo . --base origin/main --head HEAD --format markdown

            Against the live engine: the manifests (a folder, or --repo at --ref) against the
            containers this instance runs, the same dry run `gitspaces apply` would make.

              gitspaces diff manifests/
              gitspaces diff --repo https://git.example.com/acme/config.git --ref main

            A plan a guard refuses (everything deleted, or more deletions than the policy's
            maxDeletions) exits 2, like invalid manifests: the daemon would not apply it.
            """
    )

    @OptionGroup var config: ConfigOptions
    @OptionGroup var global: GlobalOptions
    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var verify: VerifyCommitsOptions

    @Option(help: "The revision the change starts from (e.g. the pull request's target branch).")
    var base: String?

    @Option(help: "The revision with the change (e.g. the pull request's head).")
    var head: String?

    @Option(help: "Output format: text, markdown (a pull-request comment) or json.")
    var format: PlanFormatArgument = .text

    @Option(name: .customLong("exit-code"), help: "Exit 1 when there are changes (set --exit-code=false to exit 0).")
    var exitCodeOnChanges: Bool = true

    @Flag(help: "Do not refuse plans that delete everything or more than the policy's maxDeletions.")
    var allowMassDelete = false

    @Option(help: "A host environment variable devcontainer.json may read as ${localEnv:NAME} (repeatable).")
    var allowEnv: [String] = []

    @Option(help: "A folder of host-side secrets named by spec.credentials (live mode).")
    var credentialsDir: String?

    @Flag(
        name: .customLong("no-cache"),
        help: "Parse every manifest: neither read nor write the manifest cache (also GITSPACES_CACHE=off).")
    var noCache = false

    @Option(
        name: .customLong("insecure-registry"),
        help: "A feature registry (host or host:port) reached over plain HTTP, besides loopback ones (repeatable).")
    var insecureRegistries: [String] = []

    func validate() throws {
        if (base == nil) != (head == nil) { throw ValidationError("Give both --base and --head, or neither.") }
        if base != nil, config.path != nil || config.ref != nil {
            throw ValidationError("--base/--head compare two revisions of --repo: drop PATH and --ref.")
        }
        try verify.requireRepository(config.repo != nil || base != nil)
    }

    func run() async throws {
        guard let base, let head else { return try await runLive() }
        let repo = config.repo ?? "."
        let subdirectory = config.subdirectory
        let reader = ConfigReader(mirrorsDirectory: global.mirrorsDirectory, verifier: try verify.verifier)
        let store =
            noCache
            ? nil : ManifestStore.directory().map { ManifestStore.forRepository(repo, path: subdirectory, in: $0) }
        func attempt(restoring: Bool) async throws -> ([ConfigSnapshot], Result<ManifestLoader.Changes, any Error>) {
            let cache = ManifestCache()
            cache.recordsRevisions = store != nil
            if restoring, let store, let payload = await BlockingWork.run({ store.readPayload() }) {
                cache.restore(from: payload)
            }
            let known = cache.restoredKeys
            let snapshots = try await EngineSession.readConfig { () throws(ConfigSourceError) in
                try reader.read(repo: repo, revisions: [base, head], path: subdirectory, known: known)
            }
            // Invalid revisions exit 2 after the cache is saved: their files were decoded all the same.
            let loaded = Result {
                try Self.load(snapshots, describedAs: [base, head], cache: cache, byChanges: restoring)
            }
            if let store, !cache.unreadable {
                let payload = cache.needsSaving ? cache.encodedEntries() : nil
                await BlockingWork.run {
                    if let payload { store.write(payload) } else { store.touch() }
                }
            }
            return (snapshots, loaded)
        }
        var (snapshots, loaded) = try await attempt(restoring: store != nil)
        if case .failure(let error) = loaded, error is UnreadableCache {
            // A cache entry that does not decode: read and parse every file, and write the cache again.
            (snapshots, loaded) = try await attempt(restoring: false)
        }
        let changes = try loaded.get()
        let observed = changes.base.gitspaces.map { ObservedGitspace(desired: $0, commit: snapshots[0].commit) }
        let plan = GitspacesCore.plan(
            desired: changes.head, observed: observed, options: PlanOptions(allowMassDelete: allowMassDelete),
            unchanged: changes.unchanged)
        print(plan.rendered(as: format.format, color: format == .text && Terminal.colorEnabled))
        if plan.isRefused { throw ExitStatus.invalid.exitCode }
        if plan.hasChanges, exitCodeOnChanges { throw ExitStatus.changes.exitCode }
    }

    /// Both revisions: by the files that differ when the cache knows the base revision (`ManifestLoader.loadChanges`),
    /// else each in full; a revision that does not validate exits 2 with its problems.
    private static func load(
        _ snapshots: [ConfigSnapshot], describedAs names: [String], cache: ManifestCache, byChanges: Bool
    ) throws -> ManifestLoader.Changes {
        var revision = 1
        do throws(ManifestError) {
            if byChanges,
                let changes = try ManifestLoader.loadChanges(
                    base: snapshots[0].files, head: snapshots[1].files, cache: cache)
            {
                return changes
            }
            revision = 0
            let before = try ManifestLoader.load(snapshots[0].files, cache: cache)
            revision = 1
            let after = try ManifestLoader.load(snapshots[1].files, cache: cache)
            return ManifestLoader.Changes(base: before, head: after, unchanged: 0)
        } catch {
            if cache.unreadable { throw UnreadableCache() }
            throw EngineSession.invalid(error, snapshots[revision], describedAs: names[revision])
        }
    }

    /// A manifest cache entry did not decode: the run starts again without the cache.
    private struct UnreadableCache: Error {}

    /// Desired (the manifests) against the live engine.
    private func runLive() async throws {
        try StateFormatCheck.refuseNewer(stateDirectory: global.resolvedStateDir)
        let (desired, _) = try await EngineSession.desiredState(config, global, verifier: try verify.verifier)
        let plan = try await EngineSession.withRuntime(global) { docker, runtime in
            let reconciliation = try await Reconciliation.prepare(
                desired: desired, runtime: runtime, instance: global.instance,
                stateDirectory: global.resolvedStateDir,
                credentialsDirectory: credentialsDir, allowMassDelete: allowMassDelete,
                localEnv: DevContainerContext.allowListed(allowEnv, from: ProcessInfo.processInfo.environment),
                insecureRegistries: insecureRegistries)
            EngineSession.printUnresolved(reconciliation)
            EngineSession.printNotes(reconciliation)
            EngineSession.printDiskNotice(desired, enforcement: workspace.enforcement, backend: global.backend)
            return reconciliation.plan
        }
        print(plan.rendered(as: format.format, color: format == .text && Terminal.colorEnabled))
        if plan.isRefused { throw ExitStatus.invalid.exitCode }
        if plan.hasChanges, exitCodeOnChanges { throw ExitStatus.changes.exitCode }
    }
}

/// Whether standard output is a terminal that wants colour (https://no-color.org).
enum Terminal {
    static var colorEnabled: Bool {
        isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
            && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }
}
