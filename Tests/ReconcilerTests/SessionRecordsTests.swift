import Foundation
import GitspacesTestSupport
import Testing

@testable import Reconciler

/// Session records of `ssh` and `exec`: live while their process lives and touches them; a record left by a
/// process that died, or not touched for too long, keeps nothing up and is removed.
@Suite struct SessionRecordsTests {
    @Test func anOpenSessionIsLiveUntilItIsClosed() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let sessions = SessionRecords(layout: StateLayout(stateDirectory: folder.path, instance: "t"))
        let handle = try sessions.open("alpha", command: "exec")
        #expect(sessions.live()["alpha"] != nil)
        let closing = Date()
        sessions.close(handle)
        #expect(sessions.live().isEmpty)
        let ended = try #require(sessions.lastEnded()["alpha"], "closing a session records when it ended")
        #expect(ended.timeIntervalSince(closing) > -2)
        #expect(sessions.lastEnded()["beta"] == nil)
    }

    @Test func aRecordOfADeadProcessOrAnOldHeartbeatIsNotLiveAndIsRemoved() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let sessions = SessionRecords(layout: StateLayout(stateDirectory: folder.path, instance: "t"))
        // A process that has ended: its pid names no process any more.
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        let dead = try sessions.open("dead", command: "ssh")
        let text = try String(contentsOfFile: dead.path, encoding: .utf8)
            .replacingOccurrences(of: "\"pid\":\(getpid())", with: "\"pid\":\(child.processIdentifier)")
        try text.write(toFile: dead.path, atomically: true, encoding: .utf8)
        // This process lives, but has not touched its record for longer than the heartbeat allows.
        let old = try sessions.open("old", command: "exec")
        try FileManager.default.setAttributes(
            [.modificationDate: Date().addingTimeInterval(-SessionRecords.staleAfter - 1)], ofItemAtPath: old.path)
        let live = try sessions.open("live", command: "exec")

        #expect(Set(sessions.live().keys) == ["live"])
        #expect(!FileManager.default.fileExists(atPath: dead.path))
        #expect(!FileManager.default.fileExists(atPath: old.path))
        sessions.close(live)
    }
}
