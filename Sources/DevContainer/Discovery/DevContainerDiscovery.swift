/// Finds a repository's devcontainer.json in the spec's order of precedence:
///
/// 1. `.devcontainer/devcontainer.json`
/// 2. `.devcontainer.json`
/// 3. `.devcontainer/<folder>/devcontainer.json` (one level; with several, the first folder by
///    name — compared by UTF-8 bytes — wins and the others are reported)
///
/// A Gitspace's `spec.devcontainer` overrides the search. With no file at all, the built-in default
/// (``DevContainerConfig/builtinDefault()``: image ``DevContainerConfig/defaultImage``) is used.
package enum DevContainerDiscovery {
    /// The outcome of a search.
    package enum Location: Sendable, Hashable {
        /// Found by the search; `others` are the subfolder configs that lost.
        case found(path: String, others: [String])
        /// The path `spec.devcontainer` names (normalised), present in the repository.
        case override(path: String)
        /// `spec.devcontainer` names a path the repository does not have, or one outside it.
        case overrideNotFound(path: String)
        /// No devcontainer.json: use the built-in default.
        case builtinDefault

        /// The file to read, if any.
        package var path: String? {
            switch self {
            case .found(let path, _), .override(let path): path
            case .overrideNotFound, .builtinDefault: nil
            }
        }
    }

    /// The repository-relative path to read, or nil for the built-in default. An override is
    /// returned (normalised) even when absent, so reading it reports the missing file.
    package static func locate(files: [String], override: String?) -> String? {
        switch discover(files: files, override: override) {
        case .found(let path, _), .override(let path), .overrideNotFound(let path): path
        case .builtinDefault: nil
        }
    }

    /// The full outcome, with the configs that lost and a missing override told apart.
    package static func discover(files: [String], override: String?) -> Location {
        let present = Set(files.map { normalize($0) ?? $0 })
        if let override {
            guard let path = normalize(override) else { return .overrideNotFound(path: override) }
            return present.contains(path) ? .override(path: path) : .overrideNotFound(path: path)
        }
        for candidate in [".devcontainer/devcontainer.json", ".devcontainer.json"] where present.contains(candidate) {
            return .found(path: candidate, others: subfolderConfigs(in: present))
        }
        let nested = subfolderConfigs(in: present)
        guard let first = nested.first else { return .builtinDefault }
        return .found(path: first, others: Array(nested.dropFirst()))
    }

    /// `.devcontainer/<folder>/devcontainer.json` files, sorted by folder name.
    static func subfolderConfigs(in files: Set<String>) -> [String] {
        files.filter { path in
            let components = path.split(separator: "/", omittingEmptySubsequences: false)
            return components.count == 3 && components[0] == ".devcontainer" && !components[1].isEmpty
                && components[2] == "devcontainer.json"
        }
        .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// `./a//b/` → `a/b`; nil for absolute paths or ones that leave the repository.
    static func normalize(_ path: String) -> String? {
        guard !path.hasPrefix("/") else { return nil }
        var components: [Substring] = []
        for component in path.split(separator: "/") {
            switch component {
            case ".": continue
            case "..":
                guard !components.isEmpty else { return nil }
                components.removeLast()
            default: components.append(component)
            }
        }
        return components.isEmpty ? nil : components.joined(separator: "/")
    }
}
