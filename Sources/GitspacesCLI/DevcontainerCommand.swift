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
                var features: [ResolvedFeature] = []
                if let text, let path = location.path {
                    features = try Self.localFeatures(root: root, configText: text, file: path)
                }
                let resolution = try DevContainerResolver.resolve(
                    configText: text, file: location.path ?? "(built-in default)",
                    features: features.map(\.metadataEntry), context: context)
                for warning in resolution.warnings { FileHandle.standardError.write(Data("\(warning)\n".utf8)) }
                var json = resolution.resolved.canonical
                if case .object(var members) = json {
                    members["features"] = .array(features.map(\.resolveEntry))
                    json = .object(members)
                }
                print(json.rendered(pretty: true))
            } catch {
                FileHandle.standardError.write(Data(error.diagnostics.map { "\($0)\n" }.joined().utf8))
                throw ExitStatus.invalid.exitCode
            }
        }

        /// The config's features in install order, read from local folders under `root`; a registry or
        /// tarball feature is an error naming it (this command does not fetch).
        static func localFeatures(root: String, configText: String, file: String) throws(DevContainerError)
            -> [ResolvedFeature]
        {
            let config = try DevContainerConfig.parse(configText, file: file).config
            let read = FeatureRequest.read(config)
            var errors = read.errors
            var metadata: [FeatureReference.Kind: FeatureMetadata] = [:]
            var fetched: [FeatureReference.Kind: (digest: String, resolved: String)] = [:]
            var pending = read.requests
            while errors.isEmpty, !pending.isEmpty {
                for request in pending {
                    guard case .local(let path) = request.reference.kind else {
                        errors.append(
                            DevContainerDiagnostic(
                                .error, at: request.source,
                                "feature \(request.reference.written) is not local; this command reads only ./name features"))
                        continue
                    }
                    let jsonPath = "\(path)/devcontainer-feature.json"
                    guard let data = FileManager.default.contents(atPath: root + "/" + jsonPath) else {
                        errors.append(
                            DevContainerDiagnostic(
                                .error, at: request.source,
                                "local feature \(request.reference.written): \(jsonPath) cannot be read"))
                        continue
                    }
                    do {
                        metadata[request.reference.kind] = try FeatureMetadata.parse(bytes: Array(data), file: jsonPath).metadata
                    } catch {
                        errors += error.diagnostics
                        continue
                    }
                    var digestText = ""
                    let folder = root + "/" + path
                    for file in ((try? FileManager.default.subpathsOfDirectory(atPath: folder)) ?? []).sorted() {
                        guard let contents = FileManager.default.contents(atPath: folder + "/" + file) else { continue }
                        digestText += "\(file)=\(SHA256.hex(Array(contents)))\n"
                    }
                    fetched[request.reference.kind] = ("sha256:" + SHA256.hex(Array(digestText.utf8)), path)
                }
                pending = errors.isEmpty ? FeatureInstallOrder.missing(read.requests, metadata: metadata) : []
            }
            guard errors.isEmpty else { throw DevContainerError(errors) }
            let order = try FeatureInstallOrder.compute(
                read.requests, metadata: metadata, overrideOrder: config.overrideFeatureInstallOrder,
                configFolder: config.file.split(separator: "/").dropLast().joined(separator: "/"),
                featuresSource: config.source(of: "features"))
            let resolved = ResolvedFeature.resolve(order, fetched: fetched)
            let optionErrors = resolved.diagnostics.filter(\.isError)
            guard optionErrors.isEmpty else { throw DevContainerError(optionErrors) }
            return resolved.features
        }
    }
}
