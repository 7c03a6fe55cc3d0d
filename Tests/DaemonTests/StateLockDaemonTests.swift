import Foundation
import GitspacesTestScope
import GitspacesTestSupport
import Reconciler
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `apply` while the daemon runs (issue #14, item 8): a daemon pass holds the state lock; an `apply` on the same
/// state directory waits for it, or gives up after `--lock-timeout` with exit 3 naming the daemon, instead of
/// failing on libgit2's lock files.
@Suite(.onWidePool) struct StateLockDaemonTests {
    @Test func anApplyDuringADaemonPassWaitsOrNamesTheDaemon() async throws {
        try await withWorld { world in
            // A slow hook keeps the daemon's pass, and so the lock, busy.
            try world.source.write(
                ".devcontainer/devcontainer.json",
                "{\"image\": \"\(BusyboxImage.reference)\", \"postCreateCommand\": \"sleep 15\"}\n")
            try world.source.commit("a slow hook")
            try await world.publish(["app.yaml": world.gitspace("app")])
            let daemon = try world.startDaemon(interval: "1h")
            let lockFile = StateLock.path(stateDirectory: world.stateDirectory)
            // Polled on this thread, not with Task.sleep: with every cooperative thread busy in other tests'
            // blocking calls, a sleeping task can wake only after the daemon's 15 s pass is over.
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline, StateLock.readHolder(lockFile)?.command != "daemon" { usleep(50_000) }
            guard StateLock.readHolder(lockFile)?.command == "daemon" else {
                let raw = (try? String(contentsOfFile: lockFile, encoding: .utf8)) ?? "(unreadable)"
                Issue.record("the daemon never held the state lock (the file: \(raw)); its log:\n\(daemon.log())")
                return
            }
            let common = ["--instance", world.instance, "--state-dir", world.stateDirectory]
            let impatient = try await run(
                Binary.path, ["apply", world.config.path, "--lock-timeout", "0.5s"] + common, env: ["NO_COLOR": "1"],
                check: false)
            #expect(impatient.status == 3, "\(impatient.stdout)\(impatient.stderr)")
            #expect(impatient.stderr.contains("(daemon) since "), "\(impatient.stderr)")

            let patient = try await run(
                Binary.path, ["apply", world.config.path, "--lock-timeout", "120s"] + common, env: ["NO_COLOR": "1"],
                check: false)
            #expect(patient.status == 0, "\(patient.stdout)\(patient.stderr)")
            #expect(patient.stderr.contains("waiting for the state lock"), "\(patient.stderr)")
            #expect(patient.stdout.contains("No changes."), "\(patient.stdout)")
            #expect(!daemon.log().contains("config.lock"))
        }
    }
}
