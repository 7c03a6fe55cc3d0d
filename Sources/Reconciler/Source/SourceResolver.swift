package import DevContainer
import Foundation
package import GitKit
package import GitspacesCore
import Shared

/// What a Gitspace's source repository says about its container, at the commit of its branch.
package struct ResolvedSource: Sendable, Hashable {
    /// The source commit the branch (or the remote's HEAD) points at.
    package var commit: String
    /// The branch checked out: the manifest's, or the remote's default.
    package var branch: String?
    /// The devcontainer.json read, or nil for the built-in default.
    package var configPath: String?
    /// The image devcontainer.json names (or the default image); for a Dockerfile-based config, the tag
    /// the image is built as (set when the Gitspace's configuration is resolved, see `DevContainerSetup`).
    package var image: String
    /// The local bare mirror the workspace is cloned from.
    package var mirror: String
    /// The text of devcontainer.json at `commit`; nil for the built-in default.
    package var configText: String?
    /// The Dockerfile build the config asks for, with its context as read from the mirror.
    package var build: BuildSource?
    /// The configuration resolved for the Gitspace (set by `Reconciliation.prepare`).
    package var setup: DevContainerSetup? {
        get { resolvedSetup?.value }
        set { resolvedSetup = newValue.map(SetupBox.init) }
    }
    /// `setup` behind one reference: a resolved setup is a few kilobytes, and a pass keeps sources by Gitspace in
    /// several dictionaries (about 5 MiB each at 1,000 Gitspaces when stored inline).
    private var resolvedSetup: SetupBox?
    /// The folders holding a `devcontainer-feature.json` inside the folder of devcontainer.json, by
    /// repository path (read only when the config asks for features).
    package var localFeatures: [String: LocalFeatureSource] = [:]
    /// Registry and tarball features already fetched (see ``DevContainerSetup/fetchFeatures(_:fetcher:)``),
    /// by reference.
    package var fetchedFeatures: [FeatureReference.Kind: FetchedFeature] = [:]
    /// The text of devcontainer-lock.json beside devcontainer.json at `commit`, if any.
    package var lockfileText: String?

    package init(
        commit: String, branch: String?, configPath: String?, image: String, mirror: String, configText: String? = nil,
        build: BuildSource? = nil
    ) {
        self.commit = commit
        self.branch = branch
        self.configPath = configPath
        self.image = image
        self.mirror = mirror
        self.configText = configText
        self.build = build
    }
}

/// An immutable `DevContainerSetup` shared by reference, compared and hashed by value.
private final class SetupBox: Sendable, Hashable {
    let value: DevContainerSetup

    init(_ value: DevContainerSetup) { self.value = value }

    static func == (lhs: SetupBox, rhs: SetupBox) -> Bool { lhs === rhs || lhs.value == rhs.value }

    func hash(into hasher: inout Hasher) { hasher.combine(value) }
}

/// The inputs of a Dockerfile build at a source commit: nothing is read but the tree, so that an unchanged
/// context is recognised from its blob ids alone.
package struct BuildSource: Sendable, Hashable {
    /// The build context folder, relative to the repository root (`.` for the root).
    package var context: String
    /// The Dockerfile, relative to the repository root.
    package var dockerfile: String
    /// The context's files (paths relative to the repository root) and their blob ids.
    package var files: [String: String]
    /// The Dockerfile's blob id.
    package var dockerfileBlob: String

    package init(context: String, dockerfile: String, files: [String: String], dockerfileBlob: String) {
        self.context = context
        self.dockerfile = dockerfile
        self.files = files
        self.dockerfileBlob = dockerfileBlob
    }
}

/// Fetches each source repository once per pass into a bare mirror (one per URL) and reads its
/// devcontainer.json at the wanted branch, without a work tree.
package struct SourceResolver: Sendable {
    package let mirrorsDirectory: String
    /// Where `spec.credentials` names are looked up: a token file for https, a private key for ssh.
    package let credentialsDirectory: String?
    /// Called as each repository's fetch receives objects (from libgit2's thread), with the repository URL.
    package let progress: (@Sendable (String, FetchProgress) -> Void)?

    package init(
        mirrorsDirectory: String, credentialsDirectory: String? = nil,
        progress: (@Sendable (String, FetchProgress) -> Void)? = nil
    ) {
        self.mirrorsDirectory = mirrorsDirectory
        self.credentialsDirectory = credentialsDirectory
        self.progress = progress
    }

    /// Resolves every Gitspace; the failures are per Gitspace, with a message for each.
    package func resolve(_ gitspaces: [Gitspace]) async -> [String: Result<ResolvedSource, ApplyError>] {
        let resolver = self
        // libgit2 blocks: keep it off the cooperative pool.
        return await BlockingWork.run { resolver.resolveBlocking(gitspaces) }
    }

    func resolveBlocking(_ gitspaces: [Gitspace]) -> [String: Result<ResolvedSource, ApplyError>] {
        var fetched: [String: Result<(Repository, String), ApplyError>] = [:]
        var read: [String: Result<ResolvedSource, ApplyError>] = [:]
        var results: [String: Result<ResolvedSource, ApplyError>] = [:]
        for gitspace in gitspaces {
            let key = gitspace.repo + "\u{0}" + (gitspace.credentials ?? "")
            if fetched[key] == nil { fetched[key] = fetch(gitspace) }
            // Gitspaces of one repository, branch and devcontainer path read the same config: once.
            let configKey = key + "\u{0}" + (gitspace.branch ?? "") + "\u{0}" + (gitspace.devcontainer ?? "")
            if read[configKey] == nil {
                read[configKey] = fetched[key]!.flatMap { repository, mirror in
                    self.read(gitspace, in: repository, mirror: mirror)
                }
            }
            results[gitspace.name] = read[configKey]
        }
        return results
    }

    private func fetch(_ gitspace: Gitspace) -> Result<(Repository, String), ApplyError> {
        let credentials: Credentials
        switch credentialsFor(gitspace) {
        case .success(let value): credentials = value
        case .failure(let error): return .failure(error)
        }
        do {
            try FileManager.default.createDirectory(atPath: mirrorsDirectory, withIntermediateDirectories: true)
            let directory = mirrorsDirectory + "/" + ConfigReader.mirrorName(for: gitspace.repo)
            let report = progress.map { report in { @Sendable (value: FetchProgress) in report(gitspace.repo, value) } }
            let (repository, _) = try Mirror.sync(
                url: gitspace.repo, at: directory, credentials: credentials, progress: report)
            return .success((repository, directory))
        } catch let error as GitError {
            return .failure(ApplyError(.unresolved, "fetching \(gitspace.repo) failed: \(error)", cause: error))
        } catch {
            return .failure(ApplyError(.unresolved, "fetching \(gitspace.repo) failed: \(error)", cause: error))
        }
    }

    private func credentialsFor(_ gitspace: Gitspace) -> Result<Credentials, ApplyError> {
        Self.credentials(
            repo: gitspace.repo, secret: gitspace.credentials, directory: credentialsDirectory,
            field: "spec.credentials")
    }

    private func read(_ gitspace: Gitspace, in repository: Repository, mirror: String) -> Result<
        ResolvedSource, ApplyError
    > {
        do {
            let branch = try gitspace.branch ?? repository.defaultBranch()
            guard let branch else {
                return .failure(ApplyError(.unresolved, "\(gitspace.repo) has no default branch: set spec.branch"))
            }
            let commit: ObjectID
            do {
                commit = try repository.resolveCommit("refs/heads/\(branch)")
            } catch {
                return .failure(ApplyError(.unresolved, "\(gitspace.repo) has no branch '\(branch)'"))
            }
            var candidates: [String] = []
            for path in [".devcontainer.json", ".devcontainer", gitspace.devcontainer].compactMap({ $0 }) {
                if let listed = try? repository.files(at: commit, under: path) { candidates += listed.map(\.path) }
            }
            let location = DevContainerDiscovery.discover(files: candidates, override: gitspace.devcontainer)
            if case .overrideNotFound(let path) = location {
                return .failure(
                    ApplyError(
                        .unresolved, "spec.devcontainer '\(path)' is not in \(gitspace.repo) at \(branch)"))
            }
            guard let path = location.path else {
                return .success(
                    ResolvedSource(
                        commit: commit.hex, branch: branch, configPath: nil, image: DevContainerConfig.defaultImage,
                        mirror: mirror))
            }
            guard let entry = try repository.files(at: commit, under: path).first else {
                return .failure(ApplyError(.unresolved, "\(path) is not a file in \(gitspace.repo)"))
            }
            let bytes = try repository.blob(entry.blob)
            let parsed = try DevContainerConfig.parse(bytes: bytes, file: path)
            let text = String(decoding: bytes, as: UTF8.self)
            var build: BuildSource?
            switch buildSource(parsed.config, repository: repository, commit: commit) {
            case .success(let value): build = value
            case .failure(let error):
                return .failure(ApplyError(.unresolved, "\(gitspace.repo) at \(branch): \(error.message)"))
            }
            var resolved = ResolvedSource(
                commit: commit.hex, branch: branch, configPath: path, image: parsed.config.image ?? "",
                mirror: mirror, configText: text, build: build)
            if !parsed.config.featureMembers.isEmpty {
                resolved.localFeatures = try localFeatures(beside: path, repository: repository, commit: commit)
                let folder = path.split(separator: "/").dropLast().joined(separator: "/")
                let lockPath = (folder.isEmpty ? "" : folder + "/") + FeatureLockfile.fileName(forConfig: path)
                if let lock = try? repository.files(at: commit, under: lockPath).first, lock.path == lockPath {
                    resolved.lockfileText = String(decoding: try repository.blob(lock.blob), as: UTF8.self)
                }
            }
            return .success(resolved)
        } catch let error as DevContainerError {
            return .failure(ApplyError(.unresolved, "\(gitspace.repo): \(error)", cause: error))
        } catch {
            return .failure(ApplyError(.unresolved, "reading \(gitspace.repo) failed: \(error)", cause: error))
        }
    }

    /// Every folder under the folder of devcontainer.json that holds a `devcontainer-feature.json`.
    private func localFeatures(beside configPath: String, repository: Repository, commit: ObjectID) throws
        -> [String: LocalFeatureSource]
    {
        let folder = configPath.split(separator: "/").dropLast().joined(separator: "/")
        let entries = try repository.files(at: commit, under: folder.isEmpty ? nil : folder)
        var features: [String: LocalFeatureSource] = [:]
        for entry in entries where entry.path.hasSuffix("/devcontainer-feature.json") {
            let featureFolder = String(entry.path.dropLast("/devcontainer-feature.json".count))
            var files: [String: String] = [:]
            for file in entries where file.path.hasPrefix(featureFolder + "/") {
                files[String(file.path.dropFirst(featureFolder.count + 1))] = file.blob.hex
            }
            features[featureFolder] = LocalFeatureSource(
                folder: featureFolder, files: files, metadata: try repository.blob(entry.blob))
        }
        return features
    }

    /// Lists the build context and finds the Dockerfile at `commit` (paths are relative to devcontainer.json).
    /// Paths that leave the repository give nil: resolving the config reports them at their line.
    private func buildSource(_ config: DevContainerConfig, repository: Repository, commit: ObjectID)
        -> Result<BuildSource?, ApplyError>
    {
        guard let spec = config.build else { return .success(nil) }
        var place = config.source(of: "build.dockerfile")
        if place.mark == config.source(of: "").mark { place = config.source(of: "dockerFile") }
        guard !spec.dockerfile.contains("${"), !spec.context.contains("${") else {
            return .failure(
                ApplyError(
                    .unresolved, "\(place): variables in the Dockerfile's or the context's path are not supported"))
        }
        guard let dockerfile = BuildSpec.repositoryPath(spec.dockerfile, relativeTo: config.file),
            let context = BuildSpec.repositoryPath(spec.context, relativeTo: config.file)
        else { return .success(nil) }
        do {
            guard let file = try? repository.files(at: commit, under: dockerfile).first, file.path == dockerfile else {
                return .failure(
                    ApplyError(
                        .unresolved, "\(place): the Dockerfile \(dockerfile) is not in the repository"))
            }
            let prefix = context == "." ? "" : context + "/"
            let entries = try repository.files(at: commit, under: context == "." ? nil : context)
            var ignore = DockerIgnore("")
            if let rules = entries.first(where: { $0.path == prefix + ".dockerignore" }) {
                ignore = DockerIgnore(String(decoding: try repository.blob(rules.blob), as: UTF8.self))
            }
            var files: [String: String] = [:]
            for entry in entries where !ignore.excludes(String(entry.path.dropFirst(prefix.count))) {
                files[entry.path] = entry.blob.hex
            }
            return .success(
                BuildSource(context: context, dockerfile: dockerfile, files: files, dockerfileBlob: file.blob.hex))
        } catch {
            return .failure(
                ApplyError(
                    .unresolved, "\(place): the build context \(context) cannot be read: \(error)", cause: error))
        }
    }
}
