import Foundation
import Testing
import YAMLKit

@testable import GitspacesCore

/// The manifest cache's binary form of one file's decode: what is restored is exactly what was decoded.
@Suite struct ManifestCacheCodecTests {
    static let policy = """
        apiVersion: gitspaces/v1
        kind: Policy
        metadata: {name: default}
        spec:
          maxHardware: {cpus: 8, memory: 32Gi, disk: 128Gi, gpus: 2}
          allowedRepos: ["https://git.example.com/acme/*"]
          devcontainer:
            allowPrivileged: true
            allowHostMounts: true
            allowCapAdd: [SYS_PTRACE]
            sharedVolumes: [cache]
            allowedFeatures: ["ghcr.io/devcontainers/features/*"]
          maxDeletions: 3
          idleTimeout: 2h
          dotfiles:
            alice: {repo: "https://git.example.com/alice/dotfiles.git", branch: main, installCommand: ./go}

        """
    static let profiles = """
        apiVersion: gitspaces/v1
        kind: HardwareProfile
        metadata: {name: big}
        spec: {cpus: 4, memory: 8Gi, disk: 32Gi, gpus: 1, idleTimeout: 45m}
        ---
        apiVersion: gitspaces/v1
        kind: HardwareProfile
        metadata: {name: default}
        spec: {cpus: 500m, memory: 1Gi}

        """
    static let gitspaces = """
        apiVersion: gitspaces/v1
        kind: Gitspace
        metadata:
          name: full
          labels: {team: platform, cost-center: "7"}
        spec:
          repo: https://git.example.com/acme/app.git
          branch: dev
          devcontainer: .devcontainer/go/devcontainer.json
          hardware: {cpus: 1.5, memory: 3Gi, disk: 10Gi, gpus: 1}
          state: stopped
          owner: alice
          ssh:
            authorizedKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl alice@laptop"]
          env: {TZ: Europe/Berlin, LOG_LEVEL: debug}
          credentials: acme-token
          deletionPolicy: Delete
          idleTimeout: 1h30m
          dotfiles: {repo: "https://git.example.com/alice/dots.git", branch: dev, installCommand: ./setup}
        ---
        apiVersion: gitspaces/v1
        kind: Gitspace
        metadata: {name: by-profile}
        spec: {repo: "https://git.example.com/acme/app.git", hardware: big, owner: alice}
        ---
        apiVersion: gitspaces/v1
        kind: Gitspace
        metadata: {name: by-default}
        spec: {repo: "https://git.example.com/acme/app.git"}

        """

    /// Files as a git revision gives them: each with a (made-up) blob id.
    static func files(_ texts: [String: String]) -> [SourceFile] {
        texts.sorted { $0.key < $1.key }.enumerated().map { index, pair in
            var file = SourceFile(path: pair.key, text: pair.value)
            file.blob = String(repeating: "\(index % 10)", count: 40)
            return file
        }
    }

    /// The same files with their content left unread, as a reader gives the ones the cache holds.
    static func deferred(_ files: [SourceFile]) -> [SourceFile] {
        files.map { file in
            var copy = file
            copy.bytes = []
            copy.isDeferred = true
            return copy
        }
    }

    static func encoded(_ decoded: FileDeclarations) -> [UInt8] {
        var writer = CacheWriter()
        decoded.write(to: &writer)
        return writer.bytes
    }

    func load(_ files: [SourceFile], cache: ManifestCache?) -> Result<DesiredState, ManifestError> {
        Result { () throws(ManifestError) in try ManifestLoader.load(files, cache: cache) }
    }

    @Test func everyFieldSurvivesTheRoundTrip() throws {
        let files = Self.files(["policy.yaml": Self.policy, "profiles.yaml": Self.profiles, "g.yaml": Self.gitspaces])
        let first = ManifestCache()
        let uncached = try load(files, cache: first).get()
        #expect(uncached.policy.location != nil)
        #expect(uncached.gitspaces.first { $0.name == "full" }?.dotfiles != nil)

        let restored = ManifestCache()
        #expect(restored.restore(from: first.encodedEntries()))
        #expect(restored.restored.count == 3)
        for (key, decoded) in first.used {
            let back = try #require(restored.restoredEntry(key))
            #expect(Self.encoded(back) == Self.encoded(decoded), "\(key.path)")
        }
        let cached = try load(Self.deferred(files), cache: restored).get()
        #expect(cached == uncached)
        #expect(!restored.needsSaving)
    }

    @Test func diagnosticsSurviveTheRoundTrip() throws {
        let files = Self.files([
            "bad.yaml": Self.gitspaces.replacingOccurrences(of: "  branch: dev", with: "  branch: dev\n  cpus: 2"),
            "syntax.yaml": "apiVersion: gitspaces/v1\nkind: [unclosed\n",
            "profiles.yaml": Self.profiles,
        ])
        let first = ManifestCache()
        guard case .failure(let uncached) = load(files, cache: first) else {
            Issue.record("the manifests validated")
            return
        }
        #expect(uncached.diagnostics.contains { $0.file == "bad.yaml" && $0.message.contains("cpus") })
        #expect(uncached.diagnostics.contains { $0.file == "syntax.yaml" })
        let restored = ManifestCache()
        #expect(restored.restore(from: first.encodedEntries()))
        guard case .failure(let cached) = load(Self.deferred(files), cache: restored) else {
            Issue.record("the restored manifests validated")
            return
        }
        #expect(cached.description == uncached.description)
    }

    @Test func bytesThatDoNotDecodeCompletelyRestoreNothing() {
        let files = Self.files(["policy.yaml": Self.policy, "g.yaml": Self.gitspaces])
        let first = ManifestCache()
        _ = load(files, cache: first)
        let bytes = first.encodedEntries()
        for length in stride(from: 0, to: bytes.count, by: 7) {
            let cache = ManifestCache()
            #expect(!cache.restore(from: Array(bytes.prefix(length))))
            #expect(cache.restored.isEmpty)
        }
        let cache = ManifestCache()
        #expect(!cache.restore(from: bytes + [0]))
        #expect(!cache.restore(from: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]))
        #expect(cache.restore(from: bytes))
    }

    @Test func theFileIsRewrittenOnlyWhenMoreThanATenthHadToBeParsed() throws {
        let texts = Dictionary(
            uniqueKeysWithValues: (0..<20).map {
                (
                    "g\($0).yaml",
                    Self.gitspaces.replacingOccurrences(of: "full", with: "full-\($0)")
                        .replacingOccurrences(of: "by-profile", with: "p-\($0)").replacingOccurrences(
                            of: "by-default", with: "d-\($0)")
                )
            })
        let files = Self.files(texts).enumerated().map { index, file in
            var copy = file
            copy.blob = String(format: "%040d", index)
            return copy
        }
        let first = ManifestCache()
        _ = load(files, cache: first)
        #expect(first.needsSaving, "nothing restored: written")
        func changing(_ count: Int) -> Bool {
            let cache = ManifestCache()
            cache.restore(from: first.encodedEntries())
            var changed = files
            for index in 0..<count { changed[index].blob = String(repeating: "f", count: 39) + "\(index % 10)" }
            _ = load(changed.enumerated().map { $0 < count ? $1 : Self.deferred([$1])[0] }, cache: cache)
            return cache.needsSaving
        }
        #expect(!changing(0))
        #expect(!changing(2), "2 of 20 parsed: kept")
        #expect(changing(3), "3 of 20 parsed: rewritten")
    }

    /// A stored property added to a decoded type must be written to the cache and `ManifestStore.format` bumped:
    /// these counts fail first, to say so.
    @Test func theCodecCoversEveryStoredProperty() {
        let location = SourceLocation(file: "f", line: 1, column: 1)
        let hardware = Hardware(cpus: CPUs(millis: 1000), memory: ByteSize(bytes: 1))
        let mark = Mark(line: 1, column: 1)
        let counts: [(String, Any, Int)] = [
            ("Gitspace", Gitspace(name: "n", repo: "r"), 16),
            ("Hardware", hardware, 4),
            ("HardwareLimits", HardwareLimits(), 4),
            ("HardwareProfile", HardwareProfile(name: "p", hardware: hardware, location: location), 4),
            ("Policy", Policy(), 8),
            ("Policy.DevcontainerRules", Policy.DevcontainerRules(), 5),
            ("Dotfiles", Dotfiles(repo: "r"), 4),
            ("IdleTimeout", IdleTimeout(seconds: 1), 1),
            ("CPUs", CPUs(millis: 1), 1),
            ("ByteSize", ByteSize(bytes: 1), 1),
            ("SourceLocation", location, 3),
            ("Mark", mark, 2),
            ("Diagnostic", Diagnostic(at: location, "m"), 4),
            ("Declarations", Declarations(), 3),
            ("FileDeclarations", FileDeclarations(declarations: Declarations(), diagnostics: []), 2),
            ("HardwareDeclaration", HardwareDeclaration(mark: mark), 5),
            (
                "GitspaceDeclaration",
                GitspaceDeclaration(
                    gitspace: Gitspace(name: "n", repo: "r"), hardware: .none, repoMark: mark, specMark: mark, file: ""),
                5
            ),
            (
                "ProfileDeclaration",
                ProfileDeclaration(
                    profile: HardwareProfile(name: "p", hardware: hardware, location: location),
                    hardware: HardwareDeclaration(mark: mark), file: ""),
                3
            ),
            ("PolicyDeclaration", PolicyDeclaration(policy: Policy(), nameMark: mark, file: ""), 3),
        ]
        for (name, value, expected) in counts {
            #expect(Mirror(reflecting: value).children.count == expected, "\(name) changed: extend the cache codec")
        }
    }
}
