import DockerEngine
import Foundation
import GitspacesDaemon
import GitspacesTestScope
import GitspacesTestSupport
import Reconciler
import Testing

/// Idle stop and wake on connect against the real engine and a real daemon (`--interval 1s`, 3 s timeouts): the
/// daemon stops an unused Gitspace and leaves it stopped, `gitspaces exec` starts it and its session keeps it up,
/// a CPU-busy Gitspace stays up, and `state: stopped` in the manifest wins.
@Suite(.serialized, .onWidePool) struct IdleStopTests {
    @Test func anUnusedGitspaceIsStoppedAsIdleAndExecWakesIt() async throws {
        try await withWorld { world in
            let lazy = world.name("lazy")
            let busy = world.name("busy")
            // busy's branch keeps a CPU busy from the container's start (postStartCommand), before any look.
            try await onOwnThread {
                _ = try world.source.git("checkout", "-q", "-b", "busy")
                try world.source.write(
                    ".devcontainer/devcontainer.json",
                    "{\"image\": \"\(BusyboxImage.reference)\", \"postStartCommand\": "
                        + "\"sh -c 'while :; do :; done' </dev/null >/dev/null 2>&1 &\"}\n")
                _ = try world.source.commit("a busy loop")
                _ = try world.source.git("checkout", "-q", "main")
            }
            func manifests(lazyState: String = "running", env: String = "") -> [String: String] {
                [
                    "lazy.yaml": world.gitspace("lazy", state: lazyState) + "\n  idleTimeout: 3s\n" + env,
                    "busy.yaml": world.gitspace("busy", cpus: "0.2") + "\n  idleTimeout: 3s\n  branch: busy\n",
                ]
            }
            try await world.publish(manifests())
            let daemon = try world.startDaemon()
            try await daemon.waitForStatus("both running", seconds: 180) {
                [.running, .idle].contains($0.entry(lazy)?.phase) && $0.entry(busy)?.phase == .running
            }

            let idle = try await daemon.waitForStatus("lazy idle", seconds: 180) { $0.entry(lazy)?.phase == .idle }
            let ready = try #require(idle.entry(lazy)?.ready)
            #expect(ready.reason == "Idle" && ready.status == false)
            #expect(ready.message?.contains("idle since") == true, "\(ready)")
            #expect(try await world.containers()[lazy]?.state == "exited")

            // The daemon does not fight it: passes go by, lazy stays stopped; busy, using CPU, stays up.
            try await Task.sleep(for: .seconds(4))
            let later = try #require(await daemon.status())
            #expect(later.entry(lazy)?.phase == .idle)
            #expect(later.entry(busy)?.phase == .running)
            #expect(later.entry(lazy)?.drift == nil)
            let metrics = try await daemon.client.request("GET", "/metrics")
            #expect(String(decoding: metrics.body, as: UTF8.self).contains("gitspaces_idle_stops_total 1"))

            // exec starts it through the executor and waits; its open session keeps it up past the timeout.
            let woken = Date()
            let exec = try await run(
                Binary.path,
                [
                    "exec", "--state-dir", world.stateDirectory, "--instance", world.instance, lazy, "--", "sh", "-c",
                    "sleep 6; echo still-here",
                ],
                check: false)
            #expect(exec.status == 0, "\(exec.stderr)")
            #expect(exec.stdout == "still-here\n")
            #expect(exec.stderr.contains("starting idle gitspace \(lazy)"), "\(exec.stderr)")
            #expect(try await world.containers()[lazy]?.state == "running")
            let layout = StateLayout(stateDirectory: world.stateDirectory, instance: world.instance)
            // The wake cleared the stop's record; a pass may already have stopped it again (the session is over and
            // the timeout is 3 s), which writes a new record.
            let record = IdleRecords(layout: layout).read(lazy)
            #expect(record == nil || record!.stoppedAt > woken, "\(String(describing: record))")
            #expect(SessionRecords(layout: layout).live()[lazy] == nil)

            // Once the session is over it goes idle again; a change that needs a replace still applies.
            try await daemon.waitForStatus("lazy idle again", seconds: 180) { $0.entry(lazy)?.phase == .idle }
            let before = try #require(try await world.containers()[lazy]?.id)
            try await world.publish(manifests(env: "  env: {WHO: replaced}\n"))
            try await daemon.waitForStatus("lazy replaced", seconds: 180) {
                $0.entry(lazy)?.phase == .running || $0.entry(lazy)?.phase == .idle
            }
            try await eventually("lazy replaced", seconds: 180) {
                try await world.containers()[lazy].map { $0.id != before } ?? false
            }

            // state: stopped wins: it is Stopped, not Idle, and exec does not start it.
            try await world.publish(manifests(lazyState: "stopped", env: "  env: {WHO: replaced}\n"))
            try await daemon.waitForStatus("lazy stopped by its manifest", seconds: 180) {
                $0.entry(lazy)?.phase == .stopped && $0.entry(lazy)?.ready.reason == "Converged"
            }
            #expect(IdleRecords(layout: layout).read(lazy) == nil)
            let refused = try await run(
                Binary.path,
                ["exec", "--state-dir", world.stateDirectory, "--instance", world.instance, lazy, "--", "true"],
                check: false)
            #expect(refused.status == 125)
            #expect(refused.stderr.contains("is not running"), "\(refused.stderr)")
            #expect(try await world.containers()[lazy]?.state != "running")
            #expect(try await world.containers()[busy]?.state == "running")
        }
    }
}
