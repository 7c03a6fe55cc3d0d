import Shared

/// A Dockerfile build with repository-relative paths.
package struct ResolvedBuild: Sendable, Hashable {
    /// The Dockerfile, relative to the repository root.
    package var dockerfile: String
    /// The build context, relative to the repository root (`.` for the root).
    package var context: String
    package var args: [String: String]
    package var target: String?
    package var cacheFrom: [String]

    package init(
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
