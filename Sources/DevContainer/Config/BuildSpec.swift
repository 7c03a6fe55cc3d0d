/// How to build the image from a Dockerfile (`build.*`, or the legacy top-level `dockerFile`/`context`).
package struct BuildSpec: Sendable, Hashable {
    /// The Dockerfile, relative to the folder holding devcontainer.json.
    package var dockerfile: String
    /// The build context, relative to the folder holding devcontainer.json (default `.`).
    package var context: String
    package var args: [String: String]
    package var target: String?
    package var cacheFrom: [String]

    package init(
        dockerfile: String, context: String = ".", args: [String: String] = [:], target: String? = nil,
        cacheFrom: [String] = []
    ) {
        self.dockerfile = dockerfile
        self.context = context
        self.args = args
        self.target = target
        self.cacheFrom = cacheFrom
    }

    /// Joins `path` onto the folder of `configFile` (both repository-relative) and normalises
    /// it; nil when it leaves the repository or is absolute.
    package static func repositoryPath(_ path: String, relativeTo configFile: String) -> String? {
        guard !path.hasPrefix("/") else { return nil }
        var components = configFile.split(separator: "/").dropLast().map(String.init)
        for component in path.split(separator: "/") {
            switch component {
            case ".": continue
            case "..":
                guard !components.isEmpty else { return nil }
                components.removeLast()
            default: components.append(String(component))
            }
        }
        return components.isEmpty ? "." : components.joined(separator: "/")
    }
}
