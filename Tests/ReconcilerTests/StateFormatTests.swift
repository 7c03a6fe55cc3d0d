import Foundation
import GitspacesTestSupport
import Reconciler
import Testing

/// The state directory's format file and its migrations, on real folders.
@Suite struct StateFormatTests {
    /// A state directory as 0.1.0 leaves it: records, markers, logs, a workspace file, and no format file.
    static func unversionedState(in folder: TemporaryDirectory) throws -> String {
        let state = folder.appending("state")
        let layout = StateLayout(stateDirectory: state, instance: "default")
        for (path, text) in [
            (layout.records + "/a.json", "{\"containerID\": \"c1\"}\n"), (layout.lifecycle + "/a.json", "{}\n"),
            (layout.log("a"), "postCreateCommand: ok\n"), (layout.workspace("a") + "/notes.txt", "unsaved work\n"),
        ] {
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        return state
    }

    /// Every file under `directory` with its contents.
    static func snapshot(_ directory: String) -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: directory)
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: directory + "/" + path, isDirectory: &isDirectory)
            if !isDirectory.boolValue { files[path] = FileManager.default.contents(atPath: directory + "/" + path) }
        }
        return files
    }

    static func writeFormat(_ text: String, in state: String) throws {
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        try text.write(toFile: StateLayout.formatFile(stateDirectory: state), atomically: true, encoding: .utf8)
    }

    @Test func aFreshDirectoryGetsTheCurrentFormatNamingTheRelease() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let state = folder.appending("new/state")
        #expect(try StateFormat.read(stateDirectory: state) == nil)

        let preparation = try StateFormat.prepare(stateDirectory: state, release: "0.1.0")
        #expect(preparation.found == nil)
        #expect(preparation.wrote)
        #expect(
            try StateFormat.read(stateDirectory: state) == StateFormat(version: StateFormat.current, writtenBy: "0.1.0")
        )
        let text = try String(contentsOfFile: StateLayout.formatFile(stateDirectory: state), encoding: .utf8)
        #expect(text == "{\"version\":\(StateFormat.current),\"writtenBy\":\"0.1.0\"}\n")
    }

    @Test func aDirectoryHoldingOnlyItsLockFilesIsFresh() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let state = folder.appending("state")
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: StateLayout.stateLock(stateDirectory: state), contents: nil)
        #expect(try StateFormat.read(stateDirectory: state) == nil)
        FileManager.default.createFile(atPath: state + "/instances", contents: nil)
        #expect(try StateFormat.read(stateDirectory: state) == StateFormat(version: 1, writtenBy: nil))
    }

    @Test func anUnversionedDirectoryIsFormatOneAndGetsTheFileWithEverythingElseUntouched() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let state = try Self.unversionedState(in: folder)
        let before = Self.snapshot(state)
        #expect(try StateFormat.read(stateDirectory: state) == StateFormat(version: 1, writtenBy: nil))

        let preparation = try StateFormat.prepare(stateDirectory: state, release: "0.2.0")
        #expect(preparation.found == StateFormat(version: 1, writtenBy: nil))
        #expect(preparation.migrated.isEmpty)
        #expect(try StateFormat.read(stateDirectory: state) == StateFormat(version: 1, writtenBy: "0.2.0"))
        var after = Self.snapshot(state)
        #expect(after.removeValue(forKey: "format.json") != nil)
        #expect(after == before)

        // At the current format already, a later release leaves the file as it is.
        let again = try StateFormat.prepare(stateDirectory: state, release: "0.3.0")
        #expect(!again.wrote)
        #expect(try StateFormat.read(stateDirectory: state)?.writtenBy == "0.2.0")
    }

    @Test func migrationsRunOldestFirstAndTheFileMovesOnAfterEachStep() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let state = try Self.unversionedState(in: folder)
        let journal = folder.appending("journal")
        let step = { (from: Int) in
            StateMigration(from: from, summary: "step \(from)") { directory in
                let seen = try StateFormat.read(stateDirectory: directory)?.version ?? 0
                let line = "\(from) saw \(seen)\n"
                let old = (try? String(contentsOfFile: journal, encoding: .utf8)) ?? ""
                try (old + line).write(toFile: journal, atomically: true, encoding: .utf8)
            }
        }
        let preparation = try StateFormat.prepare(
            stateDirectory: state, release: "0.3.0", current: 3, migrations: [step(2), step(1)])
        #expect(preparation.migrated == ["step 1", "step 2"])
        #expect(try String(contentsOfFile: journal, encoding: .utf8) == "1 saw 1\n2 saw 2\n")
        #expect(try StateFormat.read(stateDirectory: state) == StateFormat(version: 3, writtenBy: "0.3.0"))
        #expect(FileManager.default.fileExists(atPath: state + "/instances/default/workspaces/a/notes.txt"))
    }

    @Test func aFailedStepLeavesItsStartingFormatAndTheNextRunResumesThere() throws {
        struct Broken: Error {}
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let state = try Self.unversionedState(in: folder)
        let ran = folder.appending("ran")
        let first = StateMigration(from: 1, summary: "first") { _ in
            let count = (try? String(contentsOfFile: ran, encoding: .utf8)) ?? ""
            try (count + "1").write(toFile: ran, atomically: true, encoding: .utf8)
        }
        let failing = StateMigration(from: 2, summary: "second") { _ in throw Broken() }
        #expect {
            try StateFormat.prepare(stateDirectory: state, release: "0.3.0", current: 3, migrations: [first, failing])
        } throws: { error in
            let error = error as? StateFormatError
            return error?.code == .migrationFailed && error?.found?.version == 2
                && error?.message.contains("from format 2 to 3 (second)") == true
        }
        #expect(try StateFormat.read(stateDirectory: state)?.version == 2)

        let fixed = StateMigration(from: 2, summary: "second") { _ in }
        let preparation = try StateFormat.prepare(
            stateDirectory: state, release: "0.3.0", current: 3, migrations: [first, fixed])
        #expect(preparation.migrated == ["second"])
        #expect(try String(contentsOfFile: ran, encoding: .utf8) == "1")
    }

    @Test func aGapInTheStepsIsRefusedBeforeAnyStepRuns() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let state = try Self.unversionedState(in: folder)
        let before = Self.snapshot(state)
        let ran = folder.appending("ran")
        let second = StateMigration(from: 2, summary: "second") { _ in
            FileManager.default.createFile(atPath: ran, contents: nil)
        }
        #expect(throws: StateFormatError.self) {
            try StateFormat.prepare(stateDirectory: state, release: "0.3.0", current: 3, migrations: [second])
        }
        #expect(!FileManager.default.fileExists(atPath: ran))
        #expect(Self.snapshot(state) == before)
    }

    @Test func aNewerFormatIsRefusedNamingItsWriterWithNothingTouched() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let state = try Self.unversionedState(in: folder)
        try Self.writeFormat("{\"version\": 2, \"writtenBy\": \"0.4.0\"}", in: state)
        let before = Self.snapshot(state)
        var refusal: StateFormatError?
        do {
            try StateFormat.prepare(stateDirectory: state, release: "0.1.0", current: 1)
        } catch {
            refusal = error
        }
        let error = try #require(refusal)
        #expect(error.code == .newer)
        #expect(error.found == StateFormat(version: 2, writtenBy: "0.4.0"))
        #expect(error.message.contains("has format 2, written by gitspaces 0.4.0"), "\(error.message)")
        #expect(error.message.contains("this gitspaces 0.1.0 reads format 1 at most"), "\(error.message)")
        #expect(error.message.contains("run gitspaces 0.4.0 or newer"), "\(error.message)")
        #expect(Self.snapshot(state) == before)
    }

    @Test(arguments: ["{not json", "{\"version\": 0}", "{\"writtenBy\": \"0.1.0\"}", ""])
    func aFormatFileThatIsNoFormatIsUnreadable(_ text: String) throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let state = try Self.unversionedState(in: folder)
        try Self.writeFormat(text, in: state)
        #expect {
            try StateFormat.prepare(stateDirectory: state)
        } throws: { error in
            (error as? StateFormatError)?.code == .unreadable
        }
        #expect(try String(contentsOfFile: StateLayout.formatFile(stateDirectory: state), encoding: .utf8) == text)
    }

    @Test func theShippedStepsLeadFromTheUnversionedFormatToTheCurrentOne() {
        let froms = StateMigration.all.map(\.from)
        #expect(froms == Array(StateFormat.unversioned..<StateFormat.current))
    }
}
