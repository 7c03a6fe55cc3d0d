internal import CGit2

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

extension Repository {
    /// The files under `path` in a commit's tree, recursively, sorted by path; no work tree is involved.
    ///
    /// `path` is relative to the repository root; `nil`, `""` or `"."` mean the whole tree. A path that names
    /// a file gives that one file; a path that does not exist is `.notFound`. Regular and executable files are
    /// listed; symbolic links and submodules are skipped (and naming one directly is `.unsupported`).
    /// Paths are `/`-separated and sorted by their UTF-8 bytes, as git orders them.
    package func files(at commit: ObjectID, under path: String? = nil) throws(GitError) -> [TreeFile] {
        let prefix = try Self.normalizedTreePath(path ?? "")
        let tree = try rootTree(of: commit)
        guard !prefix.isEmpty else {
            return try walk(tree.pointer, prefix: "")
        }
        let entry = try mapError { () throws(GitError) in
            try Owned("git_tree_entry_bypath", parent: self, release: git_tree_entry_free) {
                git_tree_entry_bypath($0, tree.pointer, prefix)
            }
        } transform: { error in
            guard error.code == .notFound else { return error }
            return GitError(
                code: .notFound, message: "path '\(prefix)' not found in commit \(commit.hex)", call: error.call)
        }
        switch git_tree_entry_filemode(entry.pointer) {
        case GIT_FILEMODE_BLOB, GIT_FILEMODE_BLOB_EXECUTABLE:
            return [TreeFile(path: prefix, blob: ObjectID(git_tree_entry_id(entry.pointer)))]
        case GIT_FILEMODE_TREE:
            let subtree = try Owned("git_tree_lookup", parent: self, release: git_tree_free) {
                git_tree_lookup($0, pointer, git_tree_entry_id(entry.pointer))
            }
            return try walk(subtree.pointer, prefix: prefix + "/")
        case GIT_FILEMODE_LINK:
            throw GitError(
                code: .unsupported, message: "path '\(prefix)' in commit \(commit.hex) is a symbolic link",
                call: "git_tree_entry_bypath")
        default:
            throw GitError(
                code: .unsupported, message: "path '\(prefix)' in commit \(commit.hex) is a submodule",
                call: "git_tree_entry_bypath")
        }
    }

    /// The content of a blob.
    package func blob(_ id: ObjectID) throws(GitError) -> [UInt8] {
        var oid = try id.oid()
        let blob = try mapError { () throws(GitError) in
            try Owned("git_blob_lookup", parent: self, release: git_blob_free) {
                git_blob_lookup($0, pointer, &oid)
            }
        } transform: { error in
            guard error.code == .notFound else { return error }
            return GitError(code: .notFound, message: "blob \(id.hex) not found in '\(path)'", call: error.call)
        }
        let size = Int(git_blob_rawsize(blob.pointer))
        guard size > 0, let content = git_blob_rawcontent(blob.pointer) else { return [] }
        return [UInt8](UnsafeRawBufferPointer(start: content, count: size))
    }

    func rootTree(of commit: ObjectID) throws(GitError) -> Owned {
        var oid = try commit.oid()
        let object = try mapError { () throws(GitError) in
            try Owned("git_commit_lookup", parent: self, release: git_commit_free) {
                git_commit_lookup($0, pointer, &oid)
            }
        } transform: { error in
            guard error.code == .notFound else { return error }
            return GitError(
                code: .notFound, message: "commit \(commit.hex) not found in '\(path)'", call: error.call)
        }
        return try Owned("git_commit_tree", parent: self, release: git_tree_free) {
            git_commit_tree($0, object.pointer)
        }
    }

    /// Lists the regular files of `tree` with one pre-order `git_tree_walk`.
    private func walk(_ tree: OpaquePointer, prefix: String) throws(GitError) -> [TreeFile] {
        let collector = TreeCollector(prefix: prefix)
        try withExtendedLifetime(collector) { () throws(GitError) in
            _ = try git("git_tree_walk") {
                git_tree_walk(tree, GIT_TREEWALK_PRE, collectTreeEntry, Unmanaged.passUnretained(collector).toOpaque())
            }
        }
        var files = collector.files
        files.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        return files
    }

    /// `path` without `./`, empty components and surrounding `/`; `..` is `.invalidSpec`.
    static func normalizedTreePath(_ path: String) throws(GitError) -> String {
        var components: [Substring] = []
        for component in path.split(separator: "/", omittingEmptySubsequences: true) where component != "." {
            guard component != ".." else {
                throw GitError(
                    code: .invalidSpec, message: "path '\(path)' must stay inside the repository (no '..')",
                    call: "git_tree_entry_bypath")
            }
            components.append(component)
        }
        return components.joined(separator: "/")
    }
}

/// The walk's payload: collects files, remembering the last directory so its name is decoded once.
private final class TreeCollector {
    let prefix: String
    var files: [TreeFile] = []
    private var lastRoot: [CChar] = [0]
    private var lastRootPath = ""

    init(prefix: String) {
        self.prefix = prefix
        lastRootPath = prefix
    }

    /// `prefix` + the walk's root (`"dir/sub/"`), decoded once per directory.
    func directory(_ root: UnsafePointer<CChar>) -> String {
        if strcmp(root, lastRoot) != 0 {
            lastRoot = Array(UnsafeBufferPointer(start: root, count: strlen(root) + 1))
            lastRootPath = prefix + decodeCString(root)
        }
        return lastRootPath
    }
}

private let collectTreeEntry: git_treewalk_cb = { root, entry, payload in
    guard let entry, let payload else { return -1 }
    let mode = git_tree_entry_filemode(entry)
    guard mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE else { return 0 }
    let collector = Unmanaged<TreeCollector>.fromOpaque(payload).takeUnretainedValue()
    let directory = root.map(collector.directory) ?? collector.prefix
    let name = decodeCString(git_tree_entry_name(entry))
    collector.files.append(TreeFile(path: directory + name, blob: ObjectID(git_tree_entry_id(entry))))
    return 0
}
