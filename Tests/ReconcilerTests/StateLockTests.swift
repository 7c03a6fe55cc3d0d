import Foundation
import GitspacesTestSupport
import Testing

@testable import Reconciler

#if canImport(Glibc)
    import Glibc
#endif

/// The state lock itself: exclusive, timed, naming its holder, released by the kernel when the holder dies and
/// then taken over with a note.
@Suite struct StateLockTests {
    @Test func aSecondTakerTimesOutNamingTheHolderThenGetsItOnceReleased() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        var first: StateLock? = try await StateLock.acquire(
            stateDirectory: folder.path, command: "apply", timeout: .zero)
        let failure = await #expect(throws: StateLock.Failure.self) {
            _ = try await StateLock.acquire(stateDirectory: folder.path, command: "daemon", timeout: .milliseconds(300))
        }
        #expect(failure?.code == .held)
        #expect(failure?.holder?.pid == getpid())
        #expect(failure?.holder?.command == "apply")
        #expect(failure?.message.contains("locked by gitspaces pid \(getpid()) (apply) since ") == true)
        withExtendedLifetime(first) {}
        first = nil
        var tookOver: StateLock.Holder?
        // Not `.zero`: another test of the process may fork right then, and its child holds the lock's open file
        // until it execs (the descriptor is close-on-exec), which failed this once in a whole-suite run.
        let second = try await StateLock.acquire(
            stateDirectory: folder.path, command: "daemon", timeout: .seconds(10), tookOver: { tookOver = $0 })
        #expect(tookOver == nil, "a lock released in order is no takeover")
        #expect(StateLock.readHolder(second.path)?.command == "daemon")
    }

    @Test func aLockWhoseHolderWasKilledIsTakenOverWithANote() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let path = StateLock.path(stateDirectory: folder.path)
        // A holder killed with SIGKILL: it holds the flock and has written its name, then dies.
        let holder = try BackgroundProcess(
            "sh",
            [
                "-c",
                "echo '{\"pid\":'$$',\"command\":\"apply\",\"since\":\"2026-01-01T00:00:00Z\"}' > \"$0\"; "
                    + "exec flock -o \"$0\" sleep 600",
                path,
            ])
        // Generous: on a loaded machine the holder's shell can take seconds to start; the test needs it holding.
        let deadline = Date().addingTimeInterval(90)
        var held = false
        while Date() < deadline, !held {
            if let probe = try? await run("flock", ["-n", path, "true"], check: false) { held = probe.status != 0 }
            if !held { try await Task.sleep(for: .milliseconds(20)) }
        }
        try #require(held, "the killed holder never took the lock")
        await #expect(throws: StateLock.Failure.self) {
            _ = try await StateLock.acquire(stateDirectory: folder.path, command: "apply", timeout: .milliseconds(100))
        }
        kill(holder.pid, SIGKILL)
        while holder.isRunning { try await Task.sleep(for: .milliseconds(20)) }

        var tookOver: StateLock.Holder?
        let lock = try await StateLock.acquire(
            stateDirectory: folder.path, command: "apply", timeout: .seconds(5), tookOver: { tookOver = $0 })
        #expect(tookOver?.pid == holder.pid)
        #expect(tookOver?.command == "apply")
        #expect(StateLock.readHolder(lock.path)?.pid == getpid())
    }
}
