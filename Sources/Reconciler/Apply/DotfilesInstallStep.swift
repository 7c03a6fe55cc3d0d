package import GitspacesCore

/// What installing a dotfiles repository runs in the container, decided from the repository's files alone.
package enum DotfilesInstallStep: Sendable, Hashable {
    /// Run this script (a path relative to the repository root) from the repository's folder.
    case run(String)
    /// No install script: link these top-level names (dotfiles, `.git` left out) into the home.
    case link([String])
    /// The `installCommand` asked for is not a file of the repository.
    case missing(String)

    /// `installCommand` when given, else the first of `Dotfiles.defaultInstallCommands` the repository holds, else
    /// the top-level names starting with `.` (but `.git`) to link. `files` are the repository's files and links,
    /// relative to its root.
    package static func choose(installCommand: String?, files: Set<String>) -> DotfilesInstallStep {
        if let installCommand {
            var path = Substring(installCommand)
            while path.hasPrefix("./") { path = path.dropFirst(2) }
            return files.contains(String(path)) ? .run(String(path)) : .missing(installCommand)
        }
        if let script = Dotfiles.defaultInstallCommands.first(where: files.contains) { return .run(script) }
        var names = Set<String>()
        for file in files {
            let top = String(file.prefix { $0 != "/" })
            if top.hasPrefix("."), top != ".git", top != ".", top != ".." { names.insert(top) }
        }
        return .link(names.sorted())
    }
}
