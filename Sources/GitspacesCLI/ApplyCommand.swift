import ArgumentParser
import DevContainer
import DockerEngine
import Foundation
import GitKit
import GitspacesCore
import Reconciler
import Shared

/// `gitspaces apply`: one reconcile pass against the engine, then exit.
struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract:
            "Plan, then apply the plan to the Docker Engine: exit 0 when everything applied, 3 when an action failed.",
        discussion: """
            Examples:
              gitspaces apply manifests/
              gitspaces apply --repo https://git.example.com/acme/config.git --ref main
            """
    )

    @OptionGroup var config: ConfigOptions
    @OptionGroup var global: GlobalOptions
    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var lock: StateLockOptions
    @OptionGroup var verify: VerifyCommitsOptions

    @Option(help: "How many actions run at once.")
    var parallel: Int = 4

    @Option(
        help: "A host environment variable devcontainer.json may read as ${localEnv:NAME} (repeatable)."
    )
    var allowEnv: [String] = []

    @Option(help: "A folder of host-side secrets named by spec.credentials.")
    var credentialsDir: String?

    @Option(
        name: .customLong("insecure-registry"),
        help:
            "A feature registry (host or host:port) reached over plain HTTP, besides loopback ones (repeatable)."
    )
    var insecureRegistries: [String] = []

    @Flag(help: "Apply plans that delete everything or more than the policy's maxDeletions.")
    var allowMassDelete = false

    @Option(help: "The host address forwardPorts and appPort are published on.")
    var bindAddress: String = "127.0.0.1"

    func validate() throws {
        try verify.requireRepository(config.repo != nil)
        guard parallel >= 1 else { throw ValidationError("--parallel must be at least 1.") }
        let isIPv4 =
            bindAddress.split(separator: ".", omittingEmptySubsequences: false).count == 4
            && bindAddress.split(separator: ".").allSatisfy { UInt8($0) != nil }
        guard isIPv4 || bindAddress.contains(":") else {
            throw ValidationError("--bind-address must be an IP address, such as 127.0.0.1.")
        }
    }

    func run() async throws {
        // libgit2 starts (it reads the CA bundle) while the lock is taken and the manifests are read.
        async let libgit2Started: Void = BlockingWork.run { Git.initialise() }
        let stateDirectory = global.resolvedStateDir
        // Held until the pass ends: reading a remote config fetches into the mirrors, which is writing state.
        let stateLock = try await lock.acquire(stateDirectory: stateDirectory, command: "apply")
        defer { withExtendedLifetime(stateLock) {} }
        // The config is read and its manifests decoded while the engine answers and lists the containers; an
        // invalid config still wins over an engine failure.
        let read = EngineSession.desiredStateReader(config, global, verifier: try verify.verifier)
        let failed = try await EngineSession.overlapping(read) { loading in
            try await EngineSession.withRuntime(global, reportingAfter: { _ = try await loading.value }) {
                docker, runtime in
                let observer = EngineObserver(
                    runtime: runtime, layout: StateLayout(stateDirectory: stateDirectory, instance: global.instance))
                return try await EngineSession.overlapping({ try await observer.observe() }) { listing in
                    let (desired, commit) = try await loading.value
                    return try await apply(
                        desired: desired, commit: commit, docker: docker, runtime: runtime, listing: listing)
                }
            }
        }
        await libgit2Started
        if failed > 0 { throw ExitStatus.failure.exitCode }
    }

    /// The pass once the config is read: returns how many actions failed.
    private func apply(
        desired: DesiredState, commit: String?, docker: DockerClient, runtime: any ContainerRuntime,
        listing: Task<Observation, any Error>
    ) async throws -> Int {
        let stateDirectory = global.resolvedStateDir
        let layout = StateLayout(stateDirectory: stateDirectory, instance: global.instance)
        // The run intents recorded so far, read while the sources and the engine are asked.
        async let intents = BlockingWork.run { RunIntents(layout: layout).readAll() }
        try await StateFormatCheck.refuseHiddenState(
            stateDirectory: stateDirectory, runtime: DockerRuntime(docker))
        // Fetch progress on a terminal, like git's; nothing when the output is a file or a pipe.
        let progress = FetchProgressLine.forTerminal()
        let reconciliation = try await Reconciliation.prepare(
            desired: desired, runtime: runtime, instance: global.instance,
            stateDirectory: stateDirectory,
            credentialsDirectory: credentialsDir, allowMassDelete: allowMassDelete,
            localEnv: DevContainerContext.allowListed(
                allowEnv, from: ProcessInfo.processInfo.environment),
            insecureRegistries: insecureRegistries,
            fetchProgress: progress?.reporter, observed: listing)
        progress?.finish()
        EngineSession.printUnresolved(reconciliation)
        EngineSession.printNotes(reconciliation)
        let enforcement = workspace.enforcement
        EngineSession.printDiskNotice(desired, enforcement: enforcement, backend: global.backend)
        let plan = reconciliation.plan
        emit(plan.rendered(as: .text, color: Terminal.colorEnabled))
        if plan.isRefused { throw ExitStatus.invalid.exitCode }
        // What `ssh` and `exec` read to know whether they may start a stopped Gitspace.
        try? RunIntents(layout: layout).sync(desired, existing: await intents)
        let store = WorkspaceStore(layout: layout, disk: enforcement)
        let keeping = Set(desired.gitspaces.map(\.name)).union(
            reconciliation.observation.containers.keys)
        guard plan.hasChanges else { return Self.finishInterruptedDeletes(store, keeping: keeping) }
        emit("")
        var executor = ApplyExecutor(
            runtime: runtime, instance: global.instance,
            records: AppliedRecords(layout: layout), commit: commit,
            parallelism: parallel, unresolved: reconciliation.unresolved, sources: reconciliation.sources,
            workspaces: store, bindAddress: bindAddress)
        executor.building = { name, image in
            if let image { emit("  \(name): building \(image)") }
        }
        executor.credentialsDirectory = credentialsDir
        let outcomes = await executor.apply(plan, observation: reconciliation.observation) { outcome in
            let action = outcome.action
            let what = "\(action.kind.marker) \(action.kind.rawValue) \(action.name)"
            if let error = outcome.error {
                emit("\(what): failed: \(error)")
            } else {
                let note = outcome.note.map { " (\($0))" } ?? ""
                emit("\(what): done in \(String(format: "%.1f", outcome.seconds)) s\(note)")
            }
        }
        let failures = outcomes.filter { !$0.succeeded }
        emit(
            "\nApply \(failures.isEmpty ? "complete" : "incomplete"): "
                + "\(outcomes.count - failures.count) applied, \(failures.count) failed.")
        return failures.count + Self.finishInterruptedDeletes(store, keeping: keeping)
    }

    /// Finishes deletes an earlier pass did not (it was killed): prints a line for each, returns the failures.
    static func finishInterruptedDeletes(_ store: WorkspaceStore, keeping: Set<String>) -> Int {
        var failures = 0
        for (name, outcome) in store.finishInterruptedDeletes(keeping: keeping) {
            switch outcome {
            case .success(let disposal):
                emit("- finished the interrupted delete of \(name): \(disposal)")
            case .failure(let error):
                failures += 1
                emit("- finishing the interrupted delete of \(name): failed: \(error)")
            }
        }
        return failures
    }
}
