import DockerEngine
import Foundation
import GitKit
import GitspacesCore
import Redaction

/// Why dotfiles could not be installed: the step that failed, in words for the log and the status.
struct DotfilesError: Error, Sendable, Hashable, CustomStringConvertible {
    enum Stage: String, Sendable {
        case fetch, checkout, copy, install
    }

    var stage: Stage
    var message: String

    init(_ stage: Stage, _ message: String) {
        self.stage = stage
        self.message = Redact.text(message)
    }

    var description: String { message }
}

/// A dotfiles repository checked out on the host: fetched into the shared bare mirror with libgit2, cloned from it
/// into a temporary folder, and packed as a tar archive of `dotfiles/…` (its `.git` included, so that the copy in
/// the home is a clone) for the engine's archive API.
struct DotfilesCheckout: Sendable {
    /// The largest repository copied into a container.
    static let maximumBytes = 64 << 20

    var branch: String
    var commit: String
    /// The repository's files and links, relative to its root, `.git` left out.
    var files: Set<String>
    /// The tar archive, every entry under `dotfiles/`.
    var archive: [UInt8]

    /// Fetches and checks out `dotfiles`; `executable` is made executable in the archive (the install script, as the
    /// devcontainer CLI does). Blocks: run it off the cooperative pool.
    static func make(
        _ dotfiles: Dotfiles, mirrors: String, credentialsDirectory: String?,
        executable: (Set<String>) -> String?
    ) throws(DotfilesError) -> DotfilesCheckout {
        let credentials: Credentials
        switch SourceResolver.credentials(
            repo: dotfiles.repo, secret: dotfiles.credentials, directory: credentialsDirectory,
            field: "spec.dotfiles.credentials")
        {
        case .success(let value): credentials = value
        case .failure(let error): throw DotfilesError(.fetch, error.message)
        }
        let mirror = mirrors + "/" + ConfigReader.mirrorName(for: dotfiles.repo)
        do {
            try FileManager.default.createDirectory(atPath: mirrors, withIntermediateDirectories: true)
            _ = try Mirror.sync(url: dotfiles.repo, at: mirror, credentials: credentials)
        } catch {
            throw DotfilesError(.fetch, "fetching \(Redact.url(dotfiles.repo)) failed: \(error)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "gitspaces-dotfiles-" + UUID().uuidString
        ).path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let cloned: WorkspaceCloneResult
        do {
            cloned = try Workspace.clone(
                mirror: mirror, into: folder, originURL: dotfiles.repo, branch: dotfiles.branch)
        } catch {
            throw DotfilesError(.checkout, "checking out \(Redact.url(dotfiles.repo)) failed: \(error)")
        }
        var files = Set<String>()
        var entries: [(path: String, kind: Entry)] = []
        var total = 0
        do {
            try walk(folder, relative: "", into: &entries, total: &total)
        } catch let error as DotfilesError {
            throw error
        } catch {
            throw DotfilesError(.checkout, "reading the checkout of \(Redact.url(dotfiles.repo)) failed: \(error)")
        }
        for entry in entries where entry.path != ".git" && !entry.path.hasPrefix(".git/") {
            if case .directory = entry.kind { continue }
            files.insert(entry.path)
        }
        let script = executable(files)
        var archive = TarArchive()
        archive.addDirectory(Dotfiles.folder, mode: 0o755)
        for entry in entries {
            let path = Dotfiles.folder + "/" + entry.path
            switch entry.kind {
            case .directory(let mode): archive.addDirectory(path, mode: mode)
            case .file(let contents, let mode):
                archive.addFile(path, contents: contents, mode: entry.path == script ? mode | 0o755 : mode)
            case .link(let target): archive.addSymlink(path, target: target)
            }
        }
        return DotfilesCheckout(branch: cloned.branch, commit: cloned.commit.hex, files: files, archive: archive.bytes)
    }

    private enum Entry {
        case directory(mode: Int)
        case file(contents: [UInt8], mode: Int)
        case link(target: String)
    }

    /// Every folder, file and link under `root/relative`, parents before children, in name order.
    private static func walk(
        _ root: String, relative: String, into entries: inout [(path: String, kind: Entry)], total: inout Int
    )
        throws
    {
        let manager = FileManager.default
        let folder = relative.isEmpty ? root : root + "/" + relative
        for name in try manager.contentsOfDirectory(atPath: folder).sorted() {
            let path = relative.isEmpty ? name : relative + "/" + name
            let full = root + "/" + path
            let attributes = try manager.attributesOfItem(atPath: full)
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0o644
            switch attributes[.type] as? FileAttributeType {
            case .typeDirectory?:
                entries.append((path, .directory(mode: mode & 0o777)))
                try walk(root, relative: path, into: &entries, total: &total)
            case .typeSymbolicLink?:
                entries.append((path, .link(target: try manager.destinationOfSymbolicLink(atPath: full))))
            case .typeRegular?:
                guard let data = manager.contents(atPath: full) else { continue }
                total += data.count
                if total > maximumBytes {
                    throw DotfilesError(
                        .checkout, "the repository is larger than \(maximumBytes >> 20) MiB: too large for dotfiles")
                }
                entries.append((path, .file(contents: Array(data), mode: mode & 0o777)))
            default:
                continue
            }
        }
    }
}
