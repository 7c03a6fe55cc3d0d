import ArgumentParser
import DevContainer
import Foundation
import Reconciler
import Redaction
import Shared

extension DevcontainerCommand {
    /// `gitspaces devcontainer build --repo URL --branch B`: the image a Gitspace of that branch runs, built now.
    struct Build: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            // Named here: ArgumentParser would derive it from String(describing: Self.self) on every run.
            commandName: "build",
            abstract:
                "Build the devcontainer image of a repository's branch ahead of time (for CI): exit 0 built or found, 2 invalid config, 3 fetch or build failure.",
            discussion: """
                The repository is fetched with libgit2 into the mirror under --state-dir, its devcontainer.json
                resolved at the branch, and the image built (Dockerfile, then features) by the code `apply` and
                the daemon use, with the same tag: a later apply of a Gitspace following that branch finds the
                image and builds nothing. The build output goes to the log named in the output.
                Example:
                  gitspaces devcontainer build --repo https://git.example.com/acme/app.git --branch main
                """
        )

        @Option(help: "The source repository URL (or path), as a Gitspace's spec.repo names it.")
        var repo: String

        @Option(help: "The branch to build (default: the remote's HEAD).")
        var branch: String?

        @Option(help: "A devcontainer.json path or folder inside the repository, as spec.devcontainer.")
        var folder: String?

        @Option(help: "The name of a host-side secret in --credentials-dir used to fetch the repository.")
        var credentials: String?

        @Option(help: "A folder of host-side secrets: tokens, keys, registry-<host> for feature registries.")
        var credentialsDir: String?

        @Option(
            name: .customLong("insecure-registry"),
            help: "A feature registry (host or host:port) reached over plain HTTP, besides loopback ones (repeatable).")
        var insecureRegistries: [String] = []

        @Option(help: "A host environment variable devcontainer.json may read as ${localEnv:NAME} (repeatable).")
        var allowEnv: [String] = []

        @Option(help: "Output format: text or json.")
        var format: OutputFormat = .text

        @OptionGroup var global: GlobalOptions
        @OptionGroup var lock: StateLockOptions

        enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
            case text, json
        }

        func run() async throws {
            let stateDirectory = global.resolvedStateDir
            // Fetching writes the mirrors: one writer of the state directory at a time, as for apply.
            let stateLock = try await lock.acquire(stateDirectory: stateDirectory, command: "devcontainer build")
            defer { withExtendedLifetime(stateLock) {} }
            let outcome = try await EngineSession.withRuntime(global) { _, runtime in
                var prebuild = Prebuild(
                    runtime: runtime, instance: global.instance, stateDirectory: stateDirectory,
                    credentialsDirectory: credentialsDir)
                prebuild.insecureRegistries = insecureRegistries
                prebuild.localEnv = DevContainerContext.allowListed(
                    allowEnv, from: ProcessInfo.processInfo.environment)
                let progress = format == .text ? FetchProgressLine.forTerminal() : nil
                prebuild.progress = progress?.reporter
                defer { progress?.finish() }
                do throws(Prebuild.Failure) {
                    return try await prebuild.run(
                        repo: repo, branch: branch, devcontainer: folder, credentials: credentials)
                } catch {
                    printError("\(Redact.url(repo))\(branch.map { " at \($0)" } ?? ""): \(error.description)")
                    throw (error.stage == .config ? ExitStatus.invalid : ExitStatus.failure).exitCode
                }
            }
            switch format {
            case .text:
                for note in outcome.notes { emit(note) }
                let config = outcome.configPath ?? "the default devcontainer.json"
                emit("\(outcome.image): from \(config) at commit \(outcome.commit.prefix(12))")
            case .json:
                var members: [String: JSONTree] = [
                    "repo": .string(Redact.url(repo)), "image": .string(outcome.image), "built": .bool(outcome.built),
                    "commit": .string(outcome.commit), "notes": .array(outcome.notes.map(JSONTree.string)),
                    "log": .string(outcome.logPath),
                ]
                if let branch = outcome.branch { members["branch"] = .string(branch) }
                if let path = outcome.configPath { members["config"] = .string(path) }
                print(JSONTree.object(members).rendered(pretty: true))
            }
        }
    }
}
