import ArgumentParser
import DevContainer
import Foundation
import GitspacesCore
import Reconciler
import Shared

/// Where `gitspaces devcontainer` commands read a configuration: a source folder (a checkout), and how they
/// fetch the registry and tarball features it asks for.
struct DevcontainerFolderOptions: ParsableArguments {
    @Argument(help: "The source folder (a checkout of the repository).")
    var directory: String = "."

    @Option(help: "A devcontainer.json path relative to the folder, instead of the search.")
    var config: String?

    @Option(help: "A folder of host-side secrets: registry-<host> holds a feature registry's user:password or token.")
    var credentialsDir: String?

    @Option(
        name: .customLong("insecure-registry"),
        help: "A feature registry (host or host:port) reached over plain HTTP, besides loopback ones (repeatable).")
    var insecureRegistries: [String] = []

    @Option(
        help: "Where the features cache lives (default: /var/lib/gitspaces, or XDG_STATE_HOME/gitspaces when not root)."
    )
    var stateDir: String?
}

/// A devcontainer.json found in a source folder, with the local features beside it read from disk.
struct DevcontainerFolder {
    var root: String
    /// The configuration's path relative to `root`; nil for the built-in default.
    var path: String?
    var source: ResolvedSource

    var text: String? { source.configText }

    /// Finds the configuration in the spec's search order (or `--config`); a missing or unreadable one exits 2.
    static func read(_ options: DevcontainerFolderOptions) throws -> DevcontainerFolder {
        let root = URL(fileURLWithPath: options.directory).standardizedFileURL.path
        var candidates: [String] = []
        let manager = FileManager.default
        for path in [".devcontainer.json", ".devcontainer", options.config].compactMap({ $0 }) {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                let inside = (try? manager.subpathsOfDirectory(atPath: root + "/" + path)) ?? []
                candidates += inside.map { path + "/" + $0 }
            } else {
                candidates.append(path)
            }
        }
        let location = DevContainerDiscovery.discover(files: candidates, override: options.config)
        if case .overrideNotFound(let path) = location {
            printError("\(path) is not a file in \(root)")
            throw ExitStatus.invalid.exitCode
        }
        var source = ResolvedSource(
            commit: "", branch: nil, configPath: location.path, image: DevContainerConfig.defaultImage, mirror: root)
        if let path = location.path {
            guard let data = manager.contents(atPath: root + "/" + path) else {
                printError("\(root)/\(path) cannot be read")
                throw ExitStatus.invalid.exitCode
            }
            source.configText = String(decoding: data, as: UTF8.self)
            let folder = path.split(separator: "/").dropLast().joined(separator: "/")
            source.localFeatures = localFeatures(root: root, folder: folder)
            let lockfile = (folder.isEmpty ? "" : folder + "/") + FeatureLockfile.fileName(forConfig: path)
            source.lockfileText = manager.contents(atPath: root + "/" + lockfile).map {
                String(decoding: $0, as: UTF8.self)
            }
        }
        return DevcontainerFolder(root: root, path: location.path, source: source)
    }

    /// Every folder under `folder` that holds a `devcontainer-feature.json`, its files named by content digest
    /// (the folder is a checkout, not a git tree).
    static func localFeatures(root: String, folder: String) -> [String: LocalFeatureSource] {
        let manager = FileManager.default
        let base = folder.isEmpty ? root : root + "/" + folder
        let files = ((try? manager.subpathsOfDirectory(atPath: base)) ?? []).sorted()
        var features: [String: LocalFeatureSource] = [:]
        for file in files where file == "devcontainer-feature.json" || file.hasSuffix("/devcontainer-feature.json") {
            let relative = String(file.dropLast("devcontainer-feature.json".count)).trimmingSuffix("/")
            let featureFolder = [folder, relative].filter { !$0.isEmpty }.joined(separator: "/")
            guard !featureFolder.isEmpty, let metadata = manager.contents(atPath: base + "/" + file) else { continue }
            var contents: [String: String] = [:]
            let prefix = relative.isEmpty ? "" : relative + "/"
            for inside in files where inside.hasPrefix(prefix) {
                var isDirectory: ObjCBool = false
                let path = base + "/" + inside
                guard manager.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                    let bytes = manager.contents(atPath: path)
                else { continue }
                contents[String(inside.dropFirst(prefix.count))] = Hashing.sha256Hex(bytes)
            }
            features[featureFolder] = LocalFeatureSource(
                folder: featureFolder, files: contents, metadata: Array(metadata))
        }
        return features
    }

    /// The configuration's features in install order: registry and tarball ones fetched (a failure exits 3),
    /// the order and options resolved (an invalid one exits 2). `fresh` re-resolves tags now.
    func features(_ options: DevcontainerFolderOptions, fresh: Bool = false, locked: Bool = true) async throws
        -> [ResolvedFeature]
    {
        guard let path else { return [] }
        var source = source
        if !locked { source.lockfileText = nil }
        let fetcher = FeatureFetcher(
            cacheDirectory: StateLayout.featuresCache(stateDirectory: GlobalOptions.stateDirectory(options.stateDir)),
            credentialsDirectory: options.credentialsDir, insecureRegistries: options.insecureRegistries,
            tagRefreshInterval: fresh ? .zero : FeatureFetcher.defaultTagRefreshInterval)
        switch await DevContainerSetup.fetchFeatures(source, fetcher: fetcher) {
        case .success(let fetched): source = fetched
        case .failure(let error):
            printError(error.message)
            throw ExitStatus.failure.exitCode
        }
        switch DevContainerSetup.resolveFeatures(source: source, file: path, policy: Policy(name: "default")) {
        case .success(let features): return features
        case .failure(let error):
            writeOut(error.message + "\n", to: .standardError)
            throw ExitStatus.invalid.exitCode
        }
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
