import Foundation
import GitspacesCore
import GitspacesTestSupport
import Reconciler
import Testing

/// `gitspaces diff --base --head` with the manifest cache: a run that reads decoded files from the cache prints
/// exactly what a run that parses everything prints, and a cache it cannot trust is ignored.
@Suite struct DiffCacheTests {
    typealias Outcome = (status: Int32, stdout: String, stderr: String)

    func diff(_ repo: GitFixture, cache: String, _ extra: [String] = [], env: [String: String] = [:]) async throws
        -> Outcome
    {
        try await GitspacesTestSupport.run(
            Binary.path, ["diff", "--repo", repo.path, "--base", "base", "--head", "main"] + extra,
            env: ["NO_COLOR": "1", "XDG_CACHE_HOME": cache].merging(env) { _, new in new }, check: false)
    }

    func cacheFiles(_ cache: String) -> [String] {
        let folder = cache + "/gitspaces/manifests"
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".cache") }
            .map { folder + "/" + $0 }
    }

    /// The store the binary under test uses for `repo` in `cache`.
    func store(_ repo: GitFixture, cache: String, version: String? = nil) -> ManifestStore {
        var store = ManifestStore.forRepository(repo.path, path: nil, in: cache + "/gitspaces/manifests")
        store.version = version ?? ManifestStore.version(ofExecutable: Binary.path)
        return store
    }

    /// Saves a cache for `repo` in which `a.yaml` at `base` (its real path and blob) decodes as `forged`.
    func forgeEntry(_ repo: GitFixture, cache: String, forged: String, version: String? = nil) throws {
        var file = SourceFile(path: "a.yaml", text: forged)
        file.blob = try repo.git("rev-parse", "base:a.yaml")
        let decoded = ManifestCache()
        _ = try ManifestLoader.load([file], cache: decoded)
        store(repo, cache: cache, version: version).save(decoded)
    }

    /// Uncached (`--no-cache`), cold (fills the cache) and warm (reads it) runs of the same diff.
    func threeRuns(_ repo: GitFixture, _ folder: TemporaryDirectory) async throws -> [Outcome] {
        let cache = folder.appending("cache")
        let uncached = try await diff(repo, cache: cache, ["--no-cache"])
        #expect(cacheFiles(cache).isEmpty, "--no-cache wrote a cache")
        let cold = try await diff(repo, cache: cache)
        #expect(cacheFiles(cache).count == 1)
        let warm = try await diff(repo, cache: cache)
        return [uncached, cold, warm]
    }

    func expectSame(_ runs: [Outcome]) {
        for run in runs.dropFirst() {
            #expect(run.status == runs[0].status)
            #expect(run.stdout == runs[0].stdout)
            #expect(run.stderr == runs[0].stderr)
        }
    }

    @Test func aCachedRunPrintsThePlanAnUncachedRunPrints() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let repo = try configRepository(folder) { repo in
            try repo.write("b.yaml", gitspaceYAML.replacingOccurrences(of: "NAME", with: "b") + "  state: stopped\n")
            try repo.write("c.yaml", gitspaceYAML.replacingOccurrences(of: "NAME", with: "c"))
        }
        let runs = try await threeRuns(repo, folder)
        #expect(runs[0].status == 1)
        #expect(runs[0].stdout.contains("  + create c\n"))
        expectSame(runs)
    }

    @Test func aCachedRunReportsTheSameFileLineColumnErrors() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let repo = try configRepository(folder) { repo in
            try repo.write("b.yaml", gitspaceYAML.replacingOccurrences(of: "NAME", with: "b") + "  cpus: 2\n")
        }
        let runs = try await threeRuns(repo, folder)
        #expect(runs[0].status == 2)
        #expect(runs[0].stderr.contains("b.yaml:7:3: error: unknown field 'cpus' in spec"))
        expectSame(runs)
    }

    @Test func aDuplicateNameAgainstAnUnchangedCachedFileIsStillFound() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        // c.yaml is new at main and names the Gitspace a.yaml (unchanged, so restored from the cache) declares.
        let repo = try configRepository(folder) { repo in
            try repo.write("c.yaml", gitspaceYAML.replacingOccurrences(of: "NAME", with: "a"))
        }
        let runs = try await threeRuns(repo, folder)
        #expect(runs[0].status == 2)
        #expect(runs[0].stderr.contains("c.yaml:"), "\(runs[0].stderr)")
        #expect(runs[0].stderr.contains("a.yaml"), "\(runs[0].stderr)")
        expectSame(runs)
    }

    /// main gives a.yaml an owner and stops b.
    func changedRepository(_ folder: TemporaryDirectory) throws -> GitFixture {
        try configRepository(folder) { repo in
            try repo.write("a.yaml", gitspaceYAML.replacingOccurrences(of: "NAME", with: "a") + "  owner: ann\n")
            try repo.write("b.yaml", gitspaceYAML.replacingOccurrences(of: "NAME", with: "b") + "  state: stopped\n")
        }
    }

    /// A decode of a.yaml at base that the real file never gives: a stopped.
    let stoppedA = gitspaceYAML.replacingOccurrences(of: "NAME", with: "a") + "  state: stopped\n"

    @Test func theCacheIsReadByPathAndBlobAndCanBeSwitchedOff() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let repo = try changedRepository(folder)
        let cache = folder.appending("cache")
        let reference = try await diff(repo, cache: cache, ["--no-cache"])
        #expect(reference.status == 1)
        #expect(!reference.stdout.contains("start a"))

        try forgeEntry(repo, cache: cache, forged: stoppedA)
        let read = try await diff(repo, cache: cache)
        #expect(read.stdout.contains("start a"), "the forged cache entry was not read: \(read.stdout)")

        try forgeEntry(repo, cache: cache, forged: stoppedA)
        let flag = try await diff(repo, cache: cache, ["--no-cache"])
        #expect(flag.stdout == reference.stdout)
        let off = try await diff(repo, cache: cache, env: ["GITSPACES_CACHE": "off"])
        #expect(off.stdout == reference.stdout)
        #expect(off.status == reference.status)
    }

    @Test func aCorruptTruncatedOrOutdatedCacheIsIgnored() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let repo = try changedRepository(folder)
        let cache = folder.appending("cache")
        let reference = try await diff(repo, cache: cache, ["--no-cache"])
        let forged = stoppedA
        try forgeEntry(repo, cache: cache, forged: forged)
        let file = try #require(cacheFiles(cache).first)
        let valid = try #require(FileManager.default.contents(atPath: file))
        let corruptions: [(String, Data)] = [
            ("garbage", Data((0..<4096).map { _ in UInt8.random(in: 0...255) })),
            ("truncated", valid.prefix(valid.count - 7)),
            (
                "one byte flipped",
                {
                    var data = valid
                    data[data.count - 20] ^= 0x55
                    return data
                }()
            ),
            ("empty", Data()),
        ]
        for (what, bytes) in corruptions {
            try bytes.write(to: URL(fileURLWithPath: file))
            let run = try await diff(repo, cache: cache)
            #expect(run.status == reference.status, "\(what)")
            #expect(run.stdout == reference.stdout, "\(what)")
            #expect(run.stderr == reference.stderr, "\(what)")
            // Rewritten with what the run decoded: trusted again by the binary.
            #expect(store(repo, cache: cache).load(into: ManifestCache()), "\(what)")
        }
        // The forged entry, valid but written by another decoder version: ignored.
        try forgeEntry(repo, cache: cache, forged: forged, version: "format 0; another build")
        let outdated = try await diff(repo, cache: cache)
        #expect(outdated.stdout == reference.stdout)
        #expect(outdated.status == reference.status)
        // The same entry under the binary's version is read (so the comparison above could fail).
        try forgeEntry(repo, cache: cache, forged: forged)
        let trusted = try await diff(repo, cache: cache)
        #expect(trusted.stdout != reference.stdout)
    }

    /// An entry whose checksum is right but whose content does not decode (a decoder bug, not a disk error): the run
    /// reads and parses every file again, prints what an uncached run prints, and writes a cache that decodes.
    @Test func anEntryThatDoesNotDecodeIsReadAgainFromGit() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let repo = try changedRepository(folder)
        let cache = folder.appending("cache")
        let reference = try await diff(repo, cache: cache, ["--no-cache"])
        var writer = CacheWriter()
        writer.int(1)
        writer.string("a.yaml")
        writer.string(try repo.git("rev-parse", "base:a.yaml"))
        writer.int(3)
        writer.bytes += [0xFF, 0xFF, 0xFF]
        writer.int(0)
        let forged = store(repo, cache: cache)
        forged.write(writer.bytes)
        let restored = ManifestCache()
        #expect(forged.load(into: restored), "the forged file is trusted until its entry is read")

        let run = try await diff(repo, cache: cache)
        #expect(run.status == reference.status)
        #expect(run.stdout == reference.stdout)
        #expect(run.stderr == reference.stderr)
        let rewritten = ManifestCache()
        #expect(forged.load(into: rewritten))
        // a.yaml and b.yaml at base and at main (main changes both).
        #expect(rewritten.restoredKeys.count == 4, "\(rewritten.restoredKeys.map(\.path))")
    }
}
