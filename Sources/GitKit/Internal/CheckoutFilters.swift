internal import CGit2
import Foundation

/// Whether a workspace's first checkout may skip libgit2's filters.
///
/// libgit2 looks up each checked-out file's git attributes to choose its filters (end-of-line conversion,
/// `ident`), and every lookup resolves the file's folder with `realpath`: one failing `readlink` per path
/// component, about 20 per file in a state directory, a third of the CPU of a 3,000-file checkout. With no
/// attribute anywhere and no end-of-line setting, no filter applies to any file, and `disable_filters` writes
/// the same bytes without the lookups. Anything that could make a filter apply keeps them on.
struct CheckoutFilters: Equatable {
    /// Whether the commit's tree has a `.gitattributes` file in any folder.
    var treeHasAttributes: Bool
    /// `core.attributesfile`, `core.autocrlf` and `core.eol` in the user's and system's git configuration.
    var attributesFile: String?
    var autocrlf: String?
    var eol: String?
    /// Whether an attributes file exists where libgit2 looks without configuration: `attributes` in the XDG
    /// folders (`~/.config/git`) and `gitattributes` in the system's (`/etc`).
    var defaultAttributesFileExists: Bool

    /// Whether no filter can apply to any file of the checkout. `core.autocrlf` converts even without
    /// attributes unless false; `core.eol` is taken as converting whatever its value, to stay on the safe side.
    var convertNothing: Bool {
        guard !treeHasAttributes, attributesFile == nil, eol == nil, !defaultAttributesFileExists else { return false }
        guard let autocrlf else { return true }
        return ["false", "no", "off", "0"].contains(autocrlf.lowercased())
    }

    /// The facts for checking out `commit` of `repository` into a new clone, whose own configuration and
    /// `info/attributes` libgit2 creates empty of them.
    static func read(commit: ObjectID, in repository: Repository) throws(GitError) -> CheckoutFilters {
        let configuration = try Owned("git_config_open_default", parent: nil, release: git_config_free) {
            git_config_open_default($0)
        }
        func value(_ name: String) throws(GitError) -> String? {
            var buffer = git_buf()
            defer { git_buf_dispose(&buffer) }
            do {
                try git("git_config_get_string_buf") {
                    git_config_get_string_buf(&buffer, configuration.pointer, name)
                }
            } catch  where error.code == .notFound {
                return nil
            }
            return buffer.text ?? ""
        }
        let defaultFiles =
            try searchPath(GIT_CONFIG_LEVEL_XDG).map { $0 + "/attributes" }
            + searchPath(GIT_CONFIG_LEVEL_SYSTEM).map { $0 + "/gitattributes" }
        return CheckoutFilters(
            treeHasAttributes: try repository.treeHasAttributes(at: commit),
            attributesFile: try value("core.attributesfile"), autocrlf: try value("core.autocrlf"),
            eol: try value("core.eol"),
            defaultAttributesFileExists: defaultFiles.contains { FileManager.default.fileExists(atPath: $0) })
    }

    /// The folders libgit2 searches at `level`.
    private static func searchPath(_ level: git_config_level_t) throws(GitError) -> [String] {
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        try git("git_libgit2_opts(GIT_OPT_GET_SEARCH_PATH)") {
            gitspaces_git_get_search_path(level.rawValue, &buffer)
        }
        return (buffer.text ?? "").split(separator: ":").map(String.init)
    }
}

extension Repository {
    /// Whether `commit`'s tree has a `.gitattributes` file in any folder (one walk over its trees, stopped at
    /// the first).
    func treeHasAttributes(at commit: ObjectID) throws(GitError) -> Bool {
        let tree = try rootTree(of: commit)
        let search = AttributesSearch()
        let result = withExtendedLifetime(search) {
            git_tree_walk(tree.pointer, GIT_TREEWALK_PRE, findAttributes, Unmanaged.passUnretained(search).toOpaque())
        }
        if search.found { return true }
        try git("git_tree_walk") { result }
        return false
    }
}

private final class AttributesSearch {
    var found = false
}

private let findAttributes: git_treewalk_cb = { _, entry, payload in
    guard let entry, let payload else { return -1 }
    guard strcmp(git_tree_entry_name(entry), ".gitattributes") == 0 else { return 0 }
    Unmanaged<AttributesSearch>.fromOpaque(payload).takeUnretainedValue().found = true
    return -1  // stops the walk
}
