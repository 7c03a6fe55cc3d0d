import Shared

/// A Dockerfile build with repository-relative paths.
public struct ResolvedBuild: Sendable, Hashable {
    /// The Dockerfile, relative to the repository root.
    public var dockerfile: String
    /// The build context, relative to the repository root (`.` for the root).
    public var context: String
    public var args: [String: String]
    public var target: String?
    public var cacheFrom: [String]

    public init(
        dockerfile: String, context: String, args: [String: String] = [:], target: String? = nil,
        cacheFrom: [String] = []
    ) {
        self.dockerfile = dockerfile
        self.context = context
        self.args = args
        self.target = target
        self.cacheFrom = cacheFrom
    }

    var canonical: JSONTree {
        var object: [String: JSONTree] = [
            "dockerfile": .string(dockerfile), "context": .string(context), "args": .stringMap(args),
            "cacheFrom": .strings(cacheFrom),
        ]
        object["target"] = target.map { .string($0) }
        return .object(object)
    }
}
