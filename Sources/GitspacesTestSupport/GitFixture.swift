import Foundation

/// A non-bare repository built with the `git` command line, for tests to commit, branch and tag in.
///
/// Git runs with a fixed identity and without the machine's global or system configuration.
package struct GitFixture: Sendable {
    /// The work tree's absolute path.
    package let path: String

    /// `file://` URL of the repository.
    package var url: String { "file://\(path)" }

    /// Creates the directory (if needed) and runs `git init -b initialBranch` in it.
    package init(at path: String, initialBranch: String = "main") throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try git("init", "--quiet", "-b", initialBranch)
    }

    /// A fixture for a repository already at `path` (for example a copy of another fixture).
    package init(existingAt path: String) {
        self.path = path
    }

    /// Runs `git ARGS` in the work tree and returns its standard output without the trailing newline.
    @discardableResult
    package func git(_ args: String...) throws -> String {
        try git(args)
    }

    /// Runs `git ARGS` in the work tree and returns its standard output without the trailing newline.
    ///
    /// With `check: false` a failing command returns its output instead of throwing.
    @discardableResult
    package func git(_ args: [String], check: Bool = true) throws -> String {
        let output = try run("git", args, cwd: path, env: Self.environment, check: check).stdout
        return output.hasSuffix("\n") ? String(output.dropLast()) : output
    }

    /// Writes `contents` to `relativePath` in the work tree, creating folders as needed.
    package func write(_ relativePath: String, _ contents: String, executable: Bool = false) throws {
        try write(relativePath, bytes: Array(contents.utf8), executable: executable)
    }

    /// Writes raw `bytes` to `relativePath` in the work tree, creating folders as needed.
    package func write(_ relativePath: String, bytes: [UInt8], executable: Bool = false) throws {
        let file = URL(fileURLWithPath: path).appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
        try FileManager.default.setAttributes(
            [.posixPermissions: executable ? 0o755 : 0o644], ofItemAtPath: file.path)
    }

    /// Creates a symbolic link at `relativePath` pointing to `target` (as written, usually relative).
    package func symlink(_ relativePath: String, to target: String) throws {
        let link = URL(fileURLWithPath: path).appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(
            at: link.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: target)
    }

    /// Deletes `relativePath` (a file or folder) from the work tree.
    package func remove(_ relativePath: String) throws {
        try FileManager.default.removeItem(atPath: "\(path)/\(relativePath)")
    }

    /// Stages everything and commits it; returns the new commit's full SHA.
    @discardableResult
    package func commit(_ message: String) throws -> String {
        try git("add", "--all")
        try git("commit", "--quiet", "--allow-empty", "-m", message)
        return try git("rev-parse", "HEAD")
    }

    /// Commits `files` (path → contents) on top of `HEAD` in one go with `git fast-import`, then updates the
    /// work tree to the new commit; returns its SHA. For repositories with thousands of files.
    @discardableResult
    package func commitFiles(_ files: [String: String], message: String) throws -> String {
        let branch = try git("symbolic-ref", "HEAD")
        let parent = try git(["rev-parse", "--verify", "--quiet", "HEAD"], check: false)
        var stream = "commit \(branch)\ncommitter Gitspaces Test <test@gitspaces.invalid> 1700000000 +0000\n"
        stream += "data \(message.utf8.count)\n\(message)\n"
        if !parent.isEmpty {
            stream += "from \(parent)\n"
        }
        for (path, contents) in files.sorted(by: { $0.key < $1.key }) {
            stream += "M 100644 inline \(path)\ndata \(contents.utf8.count)\n\(contents)\n"
        }
        let streamFile = "\(path)/.git/gitspaces-fast-import"
        try Data(stream.utf8).write(to: URL(fileURLWithPath: streamFile))
        defer { try? FileManager.default.removeItem(atPath: streamFile) }
        try run(
            "sh", ["-c", "git fast-import --quiet < \"$0\"", streamFile], cwd: path, env: Self.environment)
        try git("reset", "--quiet", "--hard")
        return try git("rev-parse", "HEAD")
    }

    /// Creates branch `name` at `HEAD` (without switching to it).
    package func branch(_ name: String) throws {
        try git("branch", name)
    }

    /// Switches the work tree to `name` (a branch, tag or commit).
    package func checkout(_ name: String) throws {
        try git("checkout", "--quiet", name)
    }

    /// Deletes branch `name`, merged or not.
    package func deleteBranch(_ name: String) throws {
        try git("branch", "--quiet", "-D", name)
    }

    /// Tags `HEAD` as `name`: an annotated tag object, or a lightweight ref.
    package func tag(_ name: String, annotated: Bool = false) throws {
        if annotated {
            try git("tag", "-a", name, "-m", "tag \(name)")
        } else {
            try git("tag", name)
        }
    }

    /// The environment every fixture `git` runs with.
    static let environment: [String: String] = [
        "GIT_AUTHOR_NAME": "Gitspaces Test",
        "GIT_AUTHOR_EMAIL": "test@gitspaces.invalid",
        "GIT_COMMITTER_NAME": "Gitspaces Test",
        "GIT_COMMITTER_EMAIL": "test@gitspaces.invalid",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_TERMINAL_PROMPT": "0",
    ]
}
