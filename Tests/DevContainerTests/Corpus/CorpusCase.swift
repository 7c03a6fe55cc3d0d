/// One corpus entry: a devcontainer.json as a repository would hold it (nil: the repository has
/// none), maybe the image's `devcontainer.metadata` label, and the expected output — the resolved
/// config and the warnings — as JSON. Kept as Swift raw strings so the package needs no resources.
struct CorpusCase: Sendable, CustomStringConvertible {
    var name: String
    /// Where the devcontainer.json sits in its repository (its relative paths start there).
    var path: String
    var config: String?
    var metadataLabel: String?
    var expected: String

    var description: String { name }

    static let all: [CorpusCase] = [
        .imageBasic, .dockerfileBuild, .legacyDockerfile, .envAndUsers, .mountsAndPorts, .workspaceMount,
        .lifecycleForms,
        .securityAndRunArgs, .hostRequirementsFeatures, .imageMetadataMerge, .builtinDefault,
    ]
}
