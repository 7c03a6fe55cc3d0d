import DockerEngine

/// Builds a test image once per test process: concurrent callers share one build, a failed build is tried
/// again by the next caller, and an image already on the engine is kept.
actor FixtureImageBuilder {
    let reference: String
    let fixture: String
    private let context: @Sendable () throws -> TarArchive
    private var build: Task<Void, any Error>?

    /// `fixture` names the image in its `dev.gitspaces.test-fixture` label; `context` makes the build context.
    init(reference: String, fixture: String, context: @escaping @Sendable () throws -> TarArchive) {
        self.reference = reference
        self.fixture = fixture
        self.context = context
    }

    func ensure() async throws {
        if let build {
            return try await build.value
        }
        let (reference, fixture, context) = (reference, fixture, context)
        let task = Task<Void, any Error> {
            let docker = try DockerClient()
            do {
                if try await docker.inspectImage(reference) == nil {
                    try await docker.buildImage(
                        context: .tar(try context().bytes), tag: reference,
                        labels: ["dev.gitspaces.test-fixture": fixture])
                }
            } catch {
                try? await docker.shutdown()
                throw error
            }
            try await docker.shutdown()
        }
        build = task
        do {
            try await task.value
        } catch {
            build = nil
            throw error
        }
    }
}
