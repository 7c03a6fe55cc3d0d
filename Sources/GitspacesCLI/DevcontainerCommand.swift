import ArgumentParser
import DevContainer
import Foundation

/// `gitspaces devcontainer`: inspect how a repository's devcontainer.json resolves.
struct DevcontainerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devcontainer",
        abstract: "Inspect devcontainer.json configurations.",
        subcommands: [Resolve.self]
    )

    /// `gitspaces devcontainer resolve DIR`: the merged configuration as JSON.
    struct Resolve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the merged devcontainer configuration of a source folder as JSON; exit 2 when it is invalid.",
            discussion: """
                The folder is searched in the spec's order (.devcontainer/devcontainer.json,
                .devcontainer.json, .devcontainer/<folder>/devcontainer.json) unless --config names a
                file; with none, the built-in default is shown. Warnings go to standard error.
                ${localEnv:NAME} reads only the variables named by --allow-env.
                """
        )

        @Argument(help: "The source folder (a checkout of the repository).")
        var directory: String = "."

        @Option(help: "A devcontainer.json path relative to the folder, instead of the search.")
        var config: String?

        @Option(help: "An environment variable ${localEnv:…} may read (repeatable).")
        var allowEnv: [String] = []

        @Option(help: "Output format: json (the only one).")
        var format: OutputFormat = .json

        enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
            case json
        }

        func run() async throws {
            let root = URL(fileURLWithPath: directory).standardizedFileURL.path
            var candidates: [String] = []
            let manager = FileManager.default
            for path in [".devcontainer.json", ".devcontainer", config].compactMap({ $0 }) {
                var isDirectory: ObjCBool = false
                guard manager.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory) else { continue }
                if isDirectory.boolValue {
                    let inside = (try? manager.subpathsOfDirectory(atPath: root + "/" + path)) ?? []
                    candidates += inside.map { path + "/" + $0 }
                } else {
                    candidates.append(path)
                }
            }
            let location = DevContainerDiscovery.discover(files: candidates, override: config)
            if case .overrideNotFound(let path) = location {
                printError("\(path) is not a file in \(root)")
                throw ExitStatus.invalid.exitCode
            }
            var text: String?
            if let path = location.path {
                guard let data = manager.contents(atPath: root + "/" + path) else {
                    printError("\(root)/\(path) cannot be read")
                    throw ExitStatus.invalid.exitCode
                }
                text = String(decoding: data, as: UTF8.self)
            }
            let name = URL(fileURLWithPath: root).lastPathComponent
            let context = DevContainerContext(
                repositoryName: name, localWorkspaceFolder: root,
                localEnv: DevContainerContext.allowListed(allowEnv, from: ProcessInfo.processInfo.environment),
                idLabels: ["dev.gitspaces.source": root])
            do {
                let resolution = try DevContainerResolver.resolve(
                    configText: text, file: location.path ?? "(built-in default)", context: context)
                for warning in resolution.warnings { FileHandle.standardError.write(Data("\(warning)\n".utf8)) }
                print(resolution.resolved.json(pretty: true))
            } catch {
                FileHandle.standardError.write(Data(error.diagnostics.map { "\($0)\n" }.joined().utf8))
                throw ExitStatus.invalid.exitCode
            }
        }
    }
}
