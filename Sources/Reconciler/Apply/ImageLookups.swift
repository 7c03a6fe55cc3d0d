import DockerEngine

/// The images one apply found on the engine, by reference: a Gitspace's create asked the engine about its image
/// twice (is it there, then its config), and every Gitspace of one image asked again. Only images found are kept:
/// one missing may be pulled or built a moment later. A tag found stays what it is for the apply: build and
/// features tags name their content, and a pull happens only for a missing tag.
actor ImageLookups {
    private var found: [String: ImageDetails] = [:]

    /// `reference`'s details from an earlier lookup of this apply, else from `runtime`.
    func details(_ reference: String, on runtime: any ContainerRuntime) async throws -> ImageDetails? {
        if let known = found[reference] { return known }
        let details = try await runtime.image(reference)
        if let details { found[reference] = details }
        return details
    }
}
