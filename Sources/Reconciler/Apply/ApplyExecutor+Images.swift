import DevContainer
import DockerEngine
import GitspacesCore

/// The images a container runs: built (a Dockerfile, features) or pulled before the container is made. A
/// replace runs this step before it stops the old container, so that the old one keeps serving while the new
/// image builds, and a failed build leaves it running.
extension ApplyExecutor {
    /// Makes sure the images Gitspace `name` runs exist on the engine: the Dockerfile build or the config's
    /// image, then the features image on it. One build per tag in the process (``BuildGate``); ``building`` is
    /// told which tag is under way. Returns the notes: what was built, or found already built.
    package func ensureImages(_ name: String, image: String, source: ResolvedSource?) async throws -> [String] {
        let setup = source?.setup
        let baseImage = setup.map { $0.features.isEmpty ? image : $0.baseImage } ?? image
        var notes: [String] = []
        defer { building?(name, nil) }
        if let setup, let source, let build = setup.resolution.resolved.build {
            try await announceBuild(name, tag: baseImage)
            let built = try await ensureBuilt(name, tag: baseImage, source: source, build: build)
            notes.append(built ? "built \(baseImage)" : "image \(baseImage) already built")
        } else {
            try await ensureImage(baseImage)
        }
        if let setup, let source, !setup.features.isEmpty {
            try await announceBuild(name, tag: image)
            let built = try await ensureFeaturesBuilt(name, tag: image, setup: setup, source: source)
            notes.append(
                built ? "built \(image) with \(setup.features.count) feature(s)" : "image \(image) already built")
        }
        return notes
    }

    /// The images of a replace, built before the old container is removed; nil when the action cannot create
    /// (no spec, no image, an unresolved source): the create step reports why, as it does for a create.
    func imagesBeforeReplace(_ action: PlanAction) async throws -> [String]? {
        guard let spec = action.spec, unresolved[action.name] == nil, let image = spec.image, !image.isEmpty else {
            return nil
        }
        return try await ensureImages(action.name, image: image, source: sources[action.name])
    }

    private func announceBuild(_ name: String, tag: String) async throws {
        guard let building, try await runtime.image(tag) == nil else { return }
        building(name, tag)
    }
}
