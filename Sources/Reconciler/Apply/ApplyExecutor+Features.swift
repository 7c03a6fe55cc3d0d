import DevContainer
import DockerEngine
import Foundation
import GitKit
import Shared

extension ApplyExecutor {
    /// Builds the features image `tag` on the setup's base image unless the engine has it already (the tag is
    /// a digest of the base, the features' contents, options and order). Gitspaces asking for the same set
    /// share one build. Returns whether it built.
    func ensureFeaturesBuilt(_ name: String, tag: String, setup: DevContainerSetup, source: ResolvedSource)
        async throws -> Bool
    {
        while true {
            if try await runtime.image(tag) != nil { return false }
            if await builds.enter(tag) { break }
        }
        do {
            try await runFeaturesBuild(name, tag: tag, setup: setup, source: source)
            await builds.leave(tag)
            return true
        } catch {
            await builds.leave(tag)
            throw error
        }
    }

    private func runFeaturesBuild(_ name: String, tag: String, setup: DevContainerSetup, source: ResolvedSource)
        async throws
    {
        guard let base = try await runtime.image(setup.baseImage) else {
            throw ApplyError(.features, "\(name): the base image \(setup.baseImage) is not on the engine")
        }
        let image = FeatureDockerfile(
            baseImage: setup.baseImage, baseUser: base.config.user,
            baseLabel: base.config.labels[ImageMetadata.labelName],
            features: setup.features, users: setup.featureUsers)
        let archive = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gitspaces-features-\(UUID().uuidString).tar"
        ).path
        defer { try? FileManager.default.removeItem(atPath: archive) }
        let mirror = source.mirror
        let locals = source.localFeatures
        let remotes = source.fetchedFeatures
        let features = setup.features
        try await BlockingWork.run { () throws in
            try Self.writeFeaturesContext(
                mirror: mirror, image: image, features: features, locals: locals, remotes: remotes, to: archive)
        }
        let log = GitspaceLog(layout: records.layout, name: name)
        let names = features.map(\.reference.written).joined(separator: ", ")
        log.write(GitspaceLog.header("build \(tag): features \(names) on \(setup.baseImage)"))
        do {
            try await runtime.buildImage(
                context: .tarFile(path: archive), tag: tag, dockerfile: "Dockerfile", buildArgs: [:], target: nil,
                labels: ["dev.gitspaces.build": "1"]
            ) { text in log.write(text) }
            log.write("build \(tag): done\n")
        } catch {
            let reason = ApplyError.describe(error)
            log.write("build \(tag): failed: \(reason)\n")
            let output = (try? String(contentsOfFile: log.path, encoding: .utf8)) ?? ""
            if let failed = FeatureDockerfile.failedFeature(inBuildOutput: output) {
                throw ApplyError(
                    .features,
                    "installing feature \(failed) failed while building \(tag) (the build output is in \(log.path))")
            }
            throw ApplyError(
                .features,
                "building the features image \(tag) failed: \(reason) (the build output is in \(log.path))")
        }
    }

    /// Writes the features build context: the Dockerfile, the generated files, and each feature's files
    /// (read from the mirror's blobs for a local feature) under its numbered folder.
    static func writeFeaturesContext(
        mirror: String, image: FeatureDockerfile, features: [ResolvedFeature],
        locals: [String: LocalFeatureSource], remotes: [FeatureReference.Kind: FetchedFeature] = [:], to path: String
    ) throws {
        let repository = try Repository.open(at: mirror)
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
            let output = FileHandle(forWritingAtPath: path)
        else { throw ApplyError(.features, "cannot write the features build context to \(path)") }
        defer { try? output.close() }
        func add(_ name: String, _ contents: [UInt8], mode: Int) throws {
            var entry = TarArchive()
            entry.addFile(name, contents: contents, mode: mode)
            try output.write(contentsOf: entry.bytes.dropLast(1024))
        }
        try add("Dockerfile", Array(image.dockerfile.utf8), mode: 0o644)
        for (index, feature) in features.enumerated() {
            let folder = image.featureFolders[index]
            if let remote = remotes[feature.reference.kind] {
                let manager = FileManager.default
                for file in ((try? manager.subpathsOfDirectory(atPath: remote.folder)) ?? []).sorted() {
                    var isDirectory: ObjCBool = false
                    let full = remote.folder + "/" + file
                    guard image.files["\(folder)/\(file)"] == nil,
                        manager.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue,
                        let contents = manager.contents(atPath: full)
                    else { continue }
                    try add("\(folder)/\(file)", Array(contents), mode: 0o755)
                }
                continue
            }
            guard case .local(let localPath) = feature.reference.kind, let local = locals[localPath] else {
                throw ApplyError(.features, "feature \(feature.reference.written) has not been fetched")
            }
            for (file, blob) in local.files.sorted(by: { $0.key < $1.key }) {
                guard let id = ObjectID(hex: blob), image.files["\(folder)/\(file)"] == nil else { continue }
                try add("\(folder)/\(file)", try repository.blob(id), mode: 0o755)
            }
        }
        for (file, contents) in image.files.sorted(by: { $0.key < $1.key }) {
            try add(file, contents, mode: 0o644)
        }
        try output.write(contentsOf: [UInt8](repeating: 0, count: 1024))
    }
}
