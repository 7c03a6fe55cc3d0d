import GitspacesCore

/// The rules of a build context's `.dockerignore`: which files the build never sees, and so which
/// files do not count towards the build's digest. `*` matches within a path segment, `**` across
/// segments, `?` one character; a pattern that matches a folder excludes everything under it; `!`
/// re-includes; the last matching rule decides, as Docker reads it.
struct DockerIgnore: Sendable {
    private var rules: [(glob: Glob, include: Bool)] = []

    init(_ text: String) {
        for rawLine in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            var line = Substring(rawLine)
            while let first = line.first, first == " " || first == "\t" { line.removeFirst() }
            while let last = line.last, last == " " || last == "\t" { line.removeLast() }
            if line.isEmpty || line.hasPrefix("#") { continue }
            let include = line.hasPrefix("!")
            if include { line.removeFirst() }
            var components: [Substring] = []
            for component in line.split(separator: "/") where component != "." {
                if component == "..", !components.isEmpty {
                    components.removeLast()
                } else {
                    components.append(component)
                }
            }
            guard !components.isEmpty else { continue }
            rules.append((Glob(components.joined(separator: "/")), include))
        }
    }

    var isEmpty: Bool { rules.isEmpty }

    /// Whether `path` (relative to the context) is left out of the build.
    func excludes(_ path: String) -> Bool {
        let components = path.split(separator: "/")
        var prefixes: [String] = []
        var current = ""
        for component in components {
            current += (current.isEmpty ? "" : "/") + component
            prefixes.append(current)
        }
        var excluded = false
        for rule in rules where prefixes.contains(where: rule.glob.matches) {
            excluded = !rule.include
        }
        return excluded
    }
}
