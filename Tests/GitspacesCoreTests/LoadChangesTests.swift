import Foundation
import Testing

@testable import GitspacesCore

/// `ManifestLoader.loadChanges`: a head loaded by the files that differ from a base the cache summarised plans and
/// fails exactly as full loads of both revisions do.
@Suite struct LoadChangesTests {
    /// The outcome people see: the plan, or every problem of the revision that failed.
    enum Outcome: Equatable {
        case plan(Plan)
        case invalid(String)
    }

    static let policy = """
        apiVersion: gitspaces/v1
        kind: Policy
        metadata: {name: default}
        spec:
          maxHardware: {cpus: 4, memory: 8Gi}
          allowedRepos: ["https://git.example.com/acme/*"]
          maxDeletions: 5

        """
    static let profiles = """
        apiVersion: gitspaces/v1
        kind: HardwareProfile
        metadata: {name: big}
        spec: {cpus: 3, memory: 6Gi}
        ---
        apiVersion: gitspaces/v1
        kind: HardwareProfile
        metadata: {name: default}
        spec: {cpus: 1, memory: 2Gi}

        """

    static func gitspace(_ name: String, hardware: String = "", state: String = "running", repo: String = "app")
        -> String
    {
        """
        ---
        apiVersion: gitspaces/v1
        kind: Gitspace
        metadata: {name: \(name)}
        spec:
          repo: https://git.example.com/acme/\(repo).git
          state: \(state)\(hardware.isEmpty ? "" : "\n  hardware: \(hardware)")

        """
    }

    /// Files as a git revision gives them, each with a blob id made from its content (as git's is).
    static func revision(_ texts: [String: String]) -> [SourceFile] {
        texts.sorted { $0.key < $1.key }.map { path, text in
            var file = SourceFile(path: path, text: text)
            file.blob = blobID(text)
            return file
        }
    }

    static func full(base: [SourceFile], head: [SourceFile]) -> Outcome {
        do throws(ManifestError) {
            let before = try ManifestLoader.load(base)
            let after = try ManifestLoader.load(head)
            return .plan(plan(desired: after, observed: before.gitspaces.map { ObservedGitspace(desired: $0) }))
        } catch {
            return .invalid(error.description)
        }
    }

    /// The outcome by changes, with a cache that loaded (and summarised) the base in an earlier run, restored from its
    /// bytes with the files' content left unread; and whether the changes were enough (no full load).
    static func byChanges(base: [SourceFile], head: [SourceFile]) -> (Outcome, Bool) {
        let earlier = ManifestCache()
        earlier.recordsRevisions = true
        _ = try? ManifestLoader.load(base, cache: earlier)
        let cache = ManifestCache()
        cache.recordsRevisions = true
        guard cache.restore(from: earlier.encodedEntries()) else { return (.invalid("not restored"), false) }
        let known = cache.restoredKeys
        func reading(_ files: [SourceFile]) -> [SourceFile] {
            files.map { file in
                guard known.contains(ManifestCache.Key(path: file.path, blob: file.blob!)) else { return file }
                var deferred = file
                deferred.bytes = []
                deferred.isDeferred = true
                return deferred
            }
        }
        do throws(ManifestError) {
            guard
                let changes = try ManifestLoader.loadChanges(base: reading(base), head: reading(head), cache: cache)
            else { return (full(base: base, head: head), false) }
            let observed = changes.base.gitspaces.map { ObservedGitspace(desired: $0) }
            return (.plan(plan(desired: changes.head, observed: observed, unchanged: changes.unchanged)), true)
        } catch {
            return (.invalid(error.description), true)
        }
    }

    /// A valid base: a policy, two profiles, and `count` files of one or two Gitspaces each.
    static func base(_ count: Int, random: inout some RandomNumberGenerator) -> [String: String] {
        var texts = ["000-policy.yaml": policy, "001-profiles.yaml": profiles]
        for index in 0..<count {
            var text = gitspace(
                "g\(index)", hardware: ["", "big", "{cpus: 2, memory: 1Gi}"].randomElement(using: &random)!)
            if Bool.random(using: &random) { text += gitspace("g\(index)-second", state: "stopped") }
            texts[String(format: "team/%03d.yaml", index)] = text
        }
        return texts
    }

    /// One random change a pull request could make, valid or not.
    static func change(_ texts: inout [String: String], count: Int, random: inout some RandomNumberGenerator) {
        let path = String(format: "team/%03d.yaml", Int.random(in: 0..<count, using: &random))
        let other = "g\(Int.random(in: 0..<count, using: &random))"
        switch Int.random(in: 0..<14, using: &random) {
        case 0: texts[path] = gitspace("g-new-\(Int.random(in: 0..<1000, using: &random))")
        case 1: texts[path] = nil
        case 2: texts[path] = (texts[path] ?? "") + gitspace(other)  // a duplicate, unless the file declared it
        case 3: texts["zz-new.yaml"] = gitspace(other)  // a duplicate after the first declaration
        case 4: texts["aa-new.yaml"] = gitspace(other, state: "stopped")  // a duplicate before it
        case 5: texts[path] = texts[path]?.replacingOccurrences(of: "running", with: "stopped")
        case 6: texts[path] = texts[path].map { $0 + "  cpus: 2\n" }  // an unknown field
        case 7: texts[path] = gitspace("g-x", hardware: "huge")  // an unknown profile
        case 8: texts[path] = gitspace("g-y", hardware: "{cpus: 8, memory: 1Gi}")  // over maxHardware
        case 9: texts[path] = gitspace("g-z", repo: "../other")  // not in allowedRepos
        case 10: texts["001-profiles.yaml"] = profiles.replacingOccurrences(of: "cpus: 1,", with: "cpus: 2,")
        case 11: texts["000-policy.yaml"] = policy.replacingOccurrences(of: "maxDeletions: 5", with: "maxDeletions: 0")
        case 12:
            if let moved = texts.removeValue(forKey: path) { texts["moved/" + path] = moved }  // a rename
        default:
            for index in 0..<count where index % 2 == 0 { texts[String(format: "team/%03d.yaml", index)] = nil }
        }
    }

    @Test func aHeadLoadedByItsChangesPlansAndFailsAsFullLoadsDo() {
        var random = PlanTestRandom(seed: 17)
        var byChangesCount = 0
        var invalidByChanges = 0
        for round in 0..<300 {
            let count = Int.random(in: 1..<12, using: &random)
            let baseTexts = Self.base(count, random: &random)
            var headTexts = baseTexts
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                Self.change(&headTexts, count: count, random: &random)
            }
            let base = Self.revision(baseTexts)
            let head = Self.revision(headTexts)
            let expected = Self.full(base: base, head: head)
            let (outcome, used) = Self.byChanges(base: base, head: head)
            #expect(outcome == expected, "round \(round): \(headTexts.keys.sorted())")
            if used {
                byChangesCount += 1
                if case .invalid = outcome { invalidByChanges += 1 }
            }
        }
        // Most rounds change no Policy or profile: the comparison must have covered the path it tests.
        #expect(byChangesCount > 150, "only \(byChangesCount) of 300 rounds were loaded by their changes")
        #expect(invalidByChanges > 30, "only \(invalidByChanges) invalid heads were found by changes")
    }

    @Test func deletingSomeFilesIsNoEmptyConfigurationButDeletingAllIs() throws {
        let base = Self.revision(["a.yaml": Self.gitspace("a"), "b.yaml": Self.gitspace("b")])
        let some = Self.revision(["a.yaml": Self.gitspace("a")])
        let (kept, used) = Self.byChanges(base: base, head: some)
        #expect(used)
        #expect(kept == Self.full(base: base, head: some))
        guard case .plan(let plan) = kept else {
            Issue.record("\(kept)")
            return
        }
        #expect(plan.refusal == nil)
        #expect(plan.actions.map(\.name) == ["b"])

        let none = Self.revision(["README.yaml": "# nothing declared here\n"])
        let (emptied, _) = Self.byChanges(base: base, head: none)
        #expect(emptied == Self.full(base: base, head: none))
        guard case .plan(let refused) = emptied else {
            Issue.record("\(emptied)")
            return
        }
        #expect(refused.refusal == PlanRefusal(.emptyDesired(existing: 2)))
    }

    @Test func aBaseWithoutSummaryOrThatDidNotValidateLoadsInFull() throws {
        let base = Self.revision(["a.yaml": Self.gitspace("a"), "b.yaml": Self.gitspace("a")])
        let head = Self.revision(["a.yaml": Self.gitspace("a")])
        let cache = ManifestCache()
        cache.recordsRevisions = true
        _ = try? ManifestLoader.load(base, cache: cache)
        #expect(try ManifestLoader.loadChanges(base: base, head: head, cache: cache) == nil, "an invalid base")
        #expect(cache.summaries.isEmpty)

        let valid = Self.revision(["a.yaml": Self.gitspace("a")])
        let unrecorded = ManifestCache()
        _ = try ManifestLoader.load(valid, cache: unrecorded)
        #expect(unrecorded.summaries.isEmpty, "summaries are made only when asked for")
        #expect(try ManifestLoader.loadChanges(base: valid, head: head, cache: unrecorded) == nil)
    }

    @Test func summariesSurviveTheCacheFileAndACorruptOneIsNotUsed() throws {
        let base = Self.revision([
            "p.yaml": Self.profiles, "a.yaml": Self.gitspace("a") + Self.gitspace("b"), "c.yaml": Self.gitspace("c"),
        ])
        let first = ManifestCache()
        first.recordsRevisions = true
        _ = try ManifestLoader.load(base, cache: first)
        #expect(first.needsSaving)
        let made = try #require(first.summaries.first)
        #expect(made.declaringFile == ["a": "a.yaml", "b": "a.yaml", "c": "c.yaml"])
        #expect(made.contextFiles == ["p.yaml"])

        let restored = ManifestCache()
        #expect(restored.restore(from: first.encodedEntries()))
        #expect(restored.summary(for: made.key) == made)
        #expect(!restored.needsSaving, "a restored summary is not a reason to rewrite")

        // A summary whose body names a Gitspace twice (a revision that validated never does) is not used.
        let corrupt = ManifestCache()
        var bytes = first.encodedEntries()
        let nameC: [UInt8] = [1, 0, 0, 0, 0, 0, 0, 0, UInt8(ascii: "c")]
        let at = try #require(
            bytes.indices.reversed().first { bytes[$0...].starts(with: nameC) }, "the summary names c")
        bytes[at + 8] = UInt8(ascii: "a")
        #expect(corrupt.restore(from: bytes))
        #expect(corrupt.summary(for: made.key) == nil)
    }

    @Test func aRewriteAfterALoadByChangesKeepsTheFilesItDidNotDecode() throws {
        let texts = Dictionary(uniqueKeysWithValues: (0..<10).map { ("f\($0).yaml", Self.gitspace("g\($0)")) })
        let base = Self.revision(texts)
        var headTexts = texts
        headTexts["f0.yaml"] = Self.gitspace("g0", state: "stopped")
        let head = Self.revision(headTexts)
        let first = ManifestCache()
        first.recordsRevisions = true
        _ = try ManifestLoader.load(base, cache: first)
        let cache = ManifestCache()
        cache.recordsRevisions = true
        cache.restore(from: first.encodedEntries())
        let changes = try #require(try ManifestLoader.loadChanges(base: base, head: head, cache: cache))
        #expect(changes.unchanged == 9)
        #expect(cache.used.count < 4, "only the changed file was decoded: \(cache.used.keys.map(\.path))")
        #expect(!cache.needsSaving, "1 of 11 files parsed: kept")
        let rewritten = ManifestCache()
        rewritten.restore(from: cache.encodedEntries())
        #expect(rewritten.restored.count == 11, "the base's ten files and the head's new one")
    }
}

/// A blob id stand-in: 40 hex digits from the text (FNV-1a), so equal texts have equal ids, as git's do.
func blobID(_ text: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return String(repeating: "0", count: 24) + String(format: "%016llx", hash)
}
