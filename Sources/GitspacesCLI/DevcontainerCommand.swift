import ArgumentParser
import DevContainer
import Foundation
import Shared

/// `gitspaces devcontainer`: inspect how a repository's devcontainer.json resolves, and lock its features.
struct DevcontainerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devcontainer",
        abstract: "Inspect devcontainer.json configurations, lock their features and build their images ahead.",
        subcommands: [Resolve.self, Lock.self, Build.self]
    )

    /// `gitspaces devcontainer resolve DIR`: the merged configuration as JSON.
    struct Resolve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            // Named here: ArgumentParser would derive it from String(describing: Self.self) on every run.
            commandName: "resolve",
            abstract:
                "Print the merged devcontainer configuration of a source folder as JSON; exit 2 when it is invalid.",
            discussion: """
                The folder is searched in the spec's order (.devcontainer/devcontainer.json,
                .devcontainer.json, .devcontainer/<folder>/devcontainer.json) unless --config names a
                file; with none, the built-in default is shown. Warnings go to standard error.
                ${localEnv:NAME} reads only the variables named by --allow-env. Registry and tarball
                features are fetched into the features cache (exit 3 when that fails); `features` lists
                every feature in install order.
                """
        )

        @OptionGroup var folder: DevcontainerFolderOptions

        @Option(help: "An environment variable ${localEnv:…} may read (repeatable).")
        var allowEnv: [String] = []

        @Option(help: "Output format: json (the only one).")
        var format: OutputFormat = .json

        enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
            case json
        }

        func run() async throws {
            let found = try DevcontainerFolder.read(folder)
            let features = try await found.features(folder)
            let context = DevContainerContext(
                repositoryName: URL(fileURLWithPath: found.root).lastPathComponent, localWorkspaceFolder: found.root,
                localEnv: DevContainerContext.allowListed(allowEnv, from: ProcessInfo.processInfo.environment),
                idLabels: ["dev.gitspaces.source": found.root])
            do {
                let resolution = try DevContainerResolver.resolve(
                    configText: found.text, file: found.path ?? "(built-in default)",
                    features: features.map(\.metadataEntry), context: context)
                for warning in resolution.warnings { writeOut("\(warning)\n", to: .standardError) }
                var json = resolution.resolved.canonical
                if case .object(var members) = json {
                    members["features"] = .array(features.map(\.resolveEntry))
                    json = .object(members)
                }
                print(json.rendered(pretty: true))
            } catch {
                writeOut(error.diagnostics.map { "\($0)\n" }.joined(), to: .standardError)
                throw ExitStatus.invalid.exitCode
            }
        }
    }

    /// `gitspaces devcontainer lock DIR`: pin every registry and tarball feature to the digest it resolves to now.
    struct Lock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            // Named here: ArgumentParser would derive it from String(describing: Self.self) on every run.
            commandName: "lock",
            abstract:
                "Write devcontainer-lock.json beside devcontainer.json: each feature's version, resolved digest and integrity.",
            discussion: """
                Tags are resolved afresh (an existing lock file is not read), so this also upgrades a lock.
                Local features are not locked: they are pinned by the source commit already. Commit the file:
                `apply` then fetches each feature by its locked digest, and a registry that serves anything
                else is an error.
                """
        )

        @OptionGroup var folder: DevcontainerFolderOptions

        @OptionGroup var lock: StateLockOptions

        func run() async throws {
            let found = try DevcontainerFolder.read(folder)
            // Locking fetches into the features cache, which the state lock guards like every other write.
            let stateLock = try await lock.acquire(
                stateDirectory: GlobalOptions.stateDirectory(folder.stateDir), command: "devcontainer lock")
            defer { withExtendedLifetime(stateLock) {} }
            guard let path = found.path else {
                printError("\(found.root) has no devcontainer.json: nothing to lock")
                throw ExitStatus.invalid.exitCode
            }
            let features = try await found.features(folder, fresh: true, locked: false)
            let lockfile = FeatureLockfile(features)
            let folderPath = path.split(separator: "/").dropLast().joined(separator: "/")
            let target = [found.root, folderPath, FeatureLockfile.fileName(forConfig: path)]
                .filter { !$0.isEmpty }.joined(separator: "/")
            do {
                try Data(lockfile.text.utf8).write(to: URL(fileURLWithPath: target), options: .atomic)
            } catch {
                printError("cannot write \(target): \(error.localizedDescription)")
                throw ExitStatus.failure.exitCode
            }
            let count = lockfile.features.count
            print("wrote \(target): \(count) feature\(count == 1 ? "" : "s") locked")
        }
    }
}
