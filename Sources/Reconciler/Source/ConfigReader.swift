import Foundation
package import GitKit
package import GitspacesCore
import Shared

/// Reads the manifest files of a `ConfigSource`. Git sources are read straight from the object
/// database at a commit, with no work tree; remote repositories are fetched into a bare mirror
/// under `mirrorsDirectory` first.
package struct ConfigReader: Sendable {
    package var mirrorsDirectory: String
    package var credentials: Credentials
    /// When set (`--verify-commits`), every commit read must be signed by a trusted key; any other is
    /// `.unverified`, and none of its files is read.
    package var verifier: CommitVerifier?

    package init(mirrorsDirectory: String, credentials: Credentials = .none, verifier: CommitVerifier? = nil) {
        self.mirrorsDirectory = mirrorsDirectory
        self.credentials = credentials
        self.verifier = verifier
    }

    package func read(_ source: ConfigSource) throws(ConfigSourceError) -> ConfigSnapshot {
        switch source {
        case .directory(let path):
            // A folder has no commit to vouch for it: with a verifier, nothing in it is trusted.
            guard verifier == nil else {
                throw ConfigSourceError(.unverified, "\(path): a folder has no signed commit; read a git repository")
            }
            return ConfigSnapshot(files: try Self.readDirectory(path), commit: nil)
        case .git(let repo, let revision, let path):
            return try read(repo: repo, revisions: [revision], path: path)[0]
        }
    }

    /// Reads revisions of one repository with one open (and at most one fetch); a blob the revisions
    /// share is read once. A file whose path and blob are in `known` (the manifest cache holds its decode) is
    /// not read: its `SourceFile` is deferred.
    package func read(
        repo: String, revisions: [String], path: String?, known: Set<ManifestCache.Key> = []
    ) throws(ConfigSourceError) -> [ConfigSnapshot] {
        do {
            let repository = try openRepository(repo)
            var blobs: [ObjectID: [UInt8]] = [:]
            return try revisions.map { revision in
                let commit = try resolve(revision, in: repository, repo: repo)
                let verification = try verifier.map { verifier in
                    try Self.verify(commit, in: repository, repo: repo, with: verifier)
                }
                let files = try Self.files(in: repository, at: commit, under: path, known: known, blobs: &blobs)
                var snapshot = ConfigSnapshot(files: files, commit: commit.hex)
                snapshot.verification = verification
                return snapshot
            }
        } catch let error as ConfigSourceError {
            throw error
        } catch let error as GitError {
            throw ConfigSourceError(.git, "\(repo): \(error)")
        } catch {
            throw ConfigSourceError(.io, "\(repo): \(error)")
        }
    }

    private func openRepository(_ repo: String) throws -> Repository {
        if ConfigSource.isRemote(repo) {
            let directory = mirrorsDirectory + "/" + Self.mirrorName(for: repo)
            try FileManager.default.createDirectory(atPath: mirrorsDirectory, withIntermediateDirectories: true)
            return try Mirror.sync(url: repo, at: directory, credentials: credentials).0
        }
        let path = repo.hasPrefix("file://") ? String(repo.dropFirst("file://".count)) : repo
        guard FileManager.default.fileExists(atPath: path) else {
            throw ConfigSourceError(.notFound, "\(repo): no such repository")
        }
        return try Repository.open(at: path)
    }

    private func resolve(_ revision: String, in repository: Repository, repo: String) throws -> ObjectID {
        let result = Result { () throws(GitError) in try repository.resolveCommit(revision) }
        if case .failure(let error) = result, [.notFound, .invalidSpec, .ambiguous].contains(error.code) {
            throw ConfigSourceError(.notFound, "\(repo): revision '\(revision)' not found (\(error.message))")
        }
        return try result.get()
    }

    /// The verification of a commit signed by a key the verifier trusts; `.unverified` for any other.
    private static func verify(
        _ commit: ObjectID, in repository: Repository, repo: String, with verifier: CommitVerifier
    ) throws -> CommitVerification {
        let outcome = verifier.verify(try repository.signature(of: commit))
        guard !outcome.isVerified else { return outcome }
        var error = ConfigSourceError(
            .unverified, "\(repo): \(outcome.describe(commit: commit.hex, trust: verifier.trust))")
        error.commit = commit.hex
        error.verification = outcome
        throw error
    }

    /// The manifest files at a commit; `blobs` remembers contents by id across revisions, so a file
    /// unchanged between them is read once.
    private static func files(
        in repository: Repository, at commit: ObjectID, under path: String?, known: Set<ManifestCache.Key> = [],
        blobs: inout [ObjectID: [UInt8]]
    ) throws -> [SourceFile] {
        let listing = Result { () throws(GitError) in try repository.files(at: commit, under: path) }
        if case .failure(let error) = listing, error.code == .notFound {
            throw ConfigSourceError(.notFound, "path '\(path ?? "")' not found at commit \(commit.hex.prefix(12))")
        }
        let entries = try listing.get()
        var files: [SourceFile] = []
        for entry in entries where ManifestSchema.isManifestPath(entry.path) {
            var file = SourceFile(path: entry.path, bytes: [])
            file.blob = entry.blob.hex
            if !known.isEmpty, known.contains(ManifestCache.Key(path: entry.path, blob: entry.blob.hex)) {
                file.isDeferred = true
            } else if let bytes = blobs[entry.blob] {
                file.bytes = bytes
            } else {
                file.bytes = try repository.blob(entry.blob)
                blobs[entry.blob] = file.bytes
            }
            files.append(file)
        }
        return files
    }

    /// A folder name for a mirror: readable, unique per URL (a SHA-256 prefix of it), never a path.
    static func mirrorName(for url: String) -> String {
        let hash = Hashing.sha256Prefix64(url)
        let readable = url.split(whereSeparator: { "/:@".contains($0) }).last.map(String.init) ?? "repo"
        let safe = readable.filter { $0.isLetter || $0.isNumber || "-_.".contains($0) }.prefix(40)
        return "\(safe.isEmpty ? "repo" : String(safe))-\(String(hash, radix: 16))"
    }

    /// Manifest files under a folder (or one file), skipping names that start with `.`.
    static func readDirectory(_ path: String) throws(ConfigSourceError) -> [SourceFile] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ConfigSourceError(.notFound, "\(path): no such file or folder")
        }
        if !isDirectory.boolValue {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ConfigSourceError(.io, "\(path): cannot be read")
            }
            return [SourceFile(path: path, bytes: Array(data))]
        }
        guard let enumerator = FileManager.default.enumerator(atPath: path) else {
            throw ConfigSourceError(.io, "\(path): cannot be listed")
        }
        var files: [SourceFile] = []
        let prefix = path.hasSuffix("/") ? path : path + "/"
        while let relative = enumerator.nextObject() as? String {
            let name = relative.split(separator: "/").last.map(String.init) ?? relative
            if name.hasPrefix(".") {
                enumerator.skipDescendants()
                continue
            }
            guard ManifestSchema.isManifestPath(relative) else { continue }
            let full = prefix + relative
            guard let data = FileManager.default.contents(atPath: full) else {
                throw ConfigSourceError(.io, "\(full): cannot be read")
            }
            files.append(SourceFile(path: path == "." ? relative : full, bytes: Array(data)))
        }
        return files.sorted { $0.path < $1.path }
    }
}
