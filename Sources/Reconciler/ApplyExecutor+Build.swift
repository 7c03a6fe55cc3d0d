import DevContainer
import DockerEngine
import Foundation
import GitKit

extension ApplyExecutor {
    /// Builds a Dockerfile-based config's image as `tag` unless the engine has it already (the tag is a digest
    /// of the build's inputs, so an existing tag is the same build). Returns whether it built.
    func ensureBuilt(_ name: String, tag: String, source: ResolvedSource, build: ResolvedBuild) async throws -> Bool {
        // Gitspaces of one repository created together share one build: the others wait for it.
        while true {
            if try await docker.inspectImage(tag) != nil { return false }
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

    private func runBuild(_ name: String, tag: String, source: ResolvedSource, build: ResolvedBuild) async throws -> Bool {
        guard let inputs = source.build else { throw ApplyError("\(name): the build context was not read") }
        let mirror = source.mirror
        let commit = source.commit
        let (archive, dockerfile) = try await offPool { () throws -> ([UInt8], String) in
            try Self.buildContext(mirror: mirror, inputs: inputs)
        }
        let log = GitspaceLog(stateDirectory: records.stateDirectory, instance: instance, name: name)
        log.write(GitspaceLog.header("build \(tag) from \(inputs.dockerfile) (context \(inputs.context), commit \(commit.prefix(12)))"))
        do {
            try await docker.buildImage(
                context: .tar(archive), tag: tag, dockerfile: dockerfile, buildArgs: build.args, target: build.target,
                labels: ["dev.gitspaces.build": "1"]
            ) { text in log.write(text) }
            log.write("build \(tag): done\n")
            return true
        } catch {
            let reason = Self.describe(error)
            log.write("build \(tag): failed: \(reason)\n")
            throw ApplyError(
                "building the image of \(inputs.dockerfile) failed: \(reason) (the build output is in \(log.path))")
        }
    }

    /// The build context as a tar archive read from the mirror (blobs of the source commit), and the Dockerfile's path inside
    /// it (a Dockerfile outside the context is added as `.gitspaces.Dockerfile`).
    static func buildContext(mirror: String, inputs: BuildSource) throws -> ([UInt8], String) {
        let repository = try Repository.open(at: mirror)
        var archive = TarArchive()
        let prefix = inputs.context == "." ? "" : inputs.context + "/"
        for (path, blob) in inputs.files.sorted(by: { $0.key < $1.key }) {
            guard let id = ObjectID(hex: blob) else { continue }
            // Git keeps only an executable bit, which this listing does not carry: scripts must stay runnable.
            archive.addFile(String(path.dropFirst(prefix.count)), contents: try repository.blob(id), mode: 0o755)
        }
        var dockerfile = String(inputs.dockerfile.dropFirst(prefix.count))
        if !inputs.dockerfile.hasPrefix(prefix) || inputs.files[inputs.dockerfile] == nil {
            guard let id = ObjectID(hex: inputs.dockerfileBlob) else {
                throw ApplyError("the Dockerfile \(inputs.dockerfile) cannot be read")
            }
            dockerfile = ".gitspaces.Dockerfile"
            archive.addFile(dockerfile, contents: try repository.blob(id))
        }
        return (archive.bytes, dockerfile)
    }
}
