import DevContainer
import DockerEngine
import Foundation
import GitKit
import Shared

extension ApplyExecutor {
    /// Builds a Dockerfile-based config's image as `tag` unless the engine has it already (the tag is a digest
    /// of the build's inputs, so an existing tag is the same build). Returns whether it built.
    func ensureBuilt(_ name: String, tag: String, source: ResolvedSource, build: ResolvedBuild) async throws -> Bool {
        // Gitspaces of one repository created together share one build: the others wait for it.
        while true {
            if try await runtime.image(tag) != nil { return false }
            if await builds.enter(tag) { break }
        }
        do {
            let built = try await runBuild(name, tag: tag, source: source, build: build)
            await builds.leave(tag)
            return built
        } catch {
            await builds.leave(tag)
            throw error
        }
    }

    private func runBuild(_ name: String, tag: String, source: ResolvedSource, build: ResolvedBuild) async throws
        -> Bool
    {
        guard let inputs = source.build else { throw ApplyError(.build, "\(name): the build context was not read") }
        let mirror = source.mirror
        let commit = source.commit
        let archive = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gitspaces-context-\(UUID().uuidString).tar"
        ).path
        defer { try? FileManager.default.removeItem(atPath: archive) }
        let dockerfile = try await BlockingWork.run { () throws -> String in
            try Self.writeBuildContext(mirror: mirror, inputs: inputs, to: archive)
        }
        let log = GitspaceLog(layout: records.layout, name: name)
        log.write(
            GitspaceLog.header(
                "build \(tag) from \(inputs.dockerfile) (context \(inputs.context), commit \(commit.prefix(12)))"))
        do {
            try await runtime.buildImage(
                context: .tarFile(path: archive), tag: tag, dockerfile: dockerfile, buildArgs: build.args,
                target: build.target, labels: ["dev.gitspaces.build": "1"]
            ) { text in log.write(text) }
            log.write("build \(tag): done\n")
            return true
        } catch {
            let reason = ApplyError.describe(error)
            log.write("build \(tag): failed: \(reason)\n")
            throw ApplyError(
                .build,
                "building the image of \(inputs.dockerfile) failed: \(reason) (the build output is in \(log.path))")
        }
    }

    /// Writes the build context as a tar file read from the mirror (blobs of the source commit), one file
    /// in memory at a time, and returns the Dockerfile's path inside it (a Dockerfile outside the context is
    /// added as `.gitspaces.Dockerfile`).
    static func writeBuildContext(mirror: String, inputs: BuildSource, to path: String) throws -> String {
        let repository = try Repository.open(at: mirror)
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
            let output = FileHandle(forWritingAtPath: path)
        else { throw ApplyError(.build, "cannot write the build context to \(path)") }
        defer { try? output.close() }
        // Each entry is a one-file archive without its end blocks; the end blocks close the whole stream.
        func add(_ name: String, _ contents: [UInt8], mode: Int) throws {
            var entry = TarArchive()
            entry.addFile(name, contents: contents, mode: mode)
            try output.write(contentsOf: entry.bytes.dropLast(1024))
        }
        let prefix = inputs.context == "." ? "" : inputs.context + "/"
        for (file, blob) in inputs.files.sorted(by: { $0.key < $1.key }) {
            guard let id = ObjectID(hex: blob) else { continue }
            // Git keeps only an executable bit, which this listing does not carry: scripts must stay runnable.
            try add(String(file.dropFirst(prefix.count)), try repository.blob(id), mode: 0o755)
        }
        var dockerfile = String(inputs.dockerfile.dropFirst(prefix.count))
        if !inputs.dockerfile.hasPrefix(prefix) || inputs.files[inputs.dockerfile] == nil {
            guard let id = ObjectID(hex: inputs.dockerfileBlob) else {
                throw ApplyError(.build, "the Dockerfile \(inputs.dockerfile) cannot be read")
            }
            dockerfile = ".gitspaces.Dockerfile"
            try add(dockerfile, try repository.blob(id), mode: 0o644)
        }
        try output.write(contentsOf: [UInt8](repeating: 0, count: 1024))
        return dockerfile
    }
}
