import Foundation
import GitspacesTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Two runs on one state directory (issue #14, item 8): `apply` holds the state lock while it works; a second
/// `apply` waits for it, or gives up after `--lock-timeout` with exit 3 naming the holder; `diff` takes none.
@Suite struct StateLockCommandTests {
    @Test func aSecondApplyWaitsForTheFirstOrTimesOutNamingIt() async throws {
        try await BusyboxImage.ensure()
        let scope = try InstanceScope("lock")
        defer { scope.remove() }
        let (folder, id, instance) = (scope.folder, scope.id, scope.instance)
        let source = try GitFixture(at: folder.appending("source"))
        // A hook keeps the first apply, and so the lock, busy until the test releases it (a file in the container),
        // once the patient apply has said it waits: no sleep is long enough on every loaded machine. 300 s at most.
        let hold = "i=0; while [ ! -e /tmp/release ] && [ $i -lt 1500 ]; do sleep 0.2; i=$((i+1)); done"
        try source.write(
            ".devcontainer/devcontainer.json",
            "{\"image\": \"\(BusyboxImage.reference)\", \"postCreateCommand\": \"\(hold)\"}")
        try source.commit("source")
        let config = folder.appending("config")
        try FileManager.default.createDirectory(atPath: config, withIntermediateDirectories: true)
        try """
        apiVersion: gitspaces/v1
        kind: Gitspace
        metadata: {name: slow-\(id)}
        spec:
          repo: \(source.url)
          hardware: {cpus: 0.25, memory: 32Mi}
        """.write(toFile: config + "/slow.yaml", atomically: true, encoding: .utf8)
        let state = folder.appending("state")
        let common = ["--instance", instance, "--state-dir", state]

        let first = try BackgroundProcess(
            "sh",
            [
                "-c",
                "NO_COLOR=1 \"$0\" apply \"$1\" --instance \"$2\" --state-dir \"$3\" >\"$4.out\" 2>&1; echo $? >\"$4.rc\"",
                Binary.path, config, instance, state, folder.appending("first"),
            ])
        defer { first.terminate() }
        let lockFile = state + "/state.lock"
        let deadline = Date().addingTimeInterval(60)
        // Polled on this thread, not with Task.sleep: with every cooperative thread busy in other tests' blocking
        // calls, a sleeping task can wake only after the first apply's 45 s hold is over.
        while Date() < deadline, !((try? String(contentsOfFile: lockFile, encoding: .utf8)) ?? "").contains("apply") {
            usleep(50_000)
        }
        let holder = try String(contentsOfFile: lockFile, encoding: .utf8)
        let early = (try? String(contentsOfFile: folder.appending("first.out"), encoding: .utf8)) ?? "(no output)"
        #expect(holder.contains("\"command\":\"apply\""), "holder: \(holder); the first apply said: \(early)")

        let impatient = try await Binary.run(["apply", config, "--lock-timeout", "0.3s"] + common)
        #expect(impatient.status == 3, "\(impatient.stdout)\(impatient.stderr)")
        #expect(impatient.stderr.contains("is locked by gitspaces pid "), "\(impatient.stderr)")
        #expect(impatient.stderr.contains("(apply) since 20"), "\(impatient.stderr)")
        #expect(!impatient.stderr.contains("config.lock"))

        // Read-only: no lock, no wait.
        let started = Date()
        let diff = try await Binary.run(["diff", config] + common)
        #expect(diff.status <= 1, "\(diff.stderr)")
        #expect(!diff.stderr.contains("waiting for the state lock"))
        #expect(Date().timeIntervalSince(started) < 30)

        let patientFiles = folder.appending("patient")
        let patient = try BackgroundProcess(
            "sh",
            [
                "-c",
                "NO_COLOR=1 \"$0\" apply \"$1\" --instance \"$2\" --state-dir \"$3\" --lock-timeout 300s "
                    + ">\"$4.out\" 2>\"$4.err\"; echo $? >\"$4.rc\"",
                Binary.path, config, instance, state, patientFiles,
            ])
        defer { patient.terminate() }
        let saidWaiting = Date().addingTimeInterval(120)
        var waiting = ""
        while Date() < saidWaiting, !waiting.contains("waiting for the state lock") {
            usleep(100_000)
            waiting = (try? String(contentsOfFile: patientFiles + ".err", encoding: .utf8)) ?? ""
        }
        #expect(waiting.contains("waiting for the state lock"), "\(waiting)")
        _ = try? await run("docker", ["exec", "gitspace-slow-\(id)", "touch", "/tmp/release"], check: false)
        while patient.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        let patientOutput = (try? String(contentsOfFile: patientFiles + ".out", encoding: .utf8)) ?? ""
        let patientStatus = (try? String(contentsOfFile: patientFiles + ".rc", encoding: .utf8)) ?? ""
        #expect(patientStatus == "0\n", "\(patientOutput)\(waiting)")
        #expect(!patientOutput.contains("failed"), "\(patientOutput)")

        while first.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        let firstOutput = (try? String(contentsOfFile: folder.appending("first.out"), encoding: .utf8)) ?? ""
        let firstStatus = (try? String(contentsOfFile: folder.appending("first.rc"), encoding: .utf8)) ?? ""
        #expect(firstStatus == "0\n", "\(firstOutput)")
        #expect(firstOutput.contains("+ create slow-\(id): done"), "\(firstOutput)")
        // Released in order: the file names no holder any more.
        #expect(((try? String(contentsOfFile: lockFile, encoding: .utf8)) ?? "x").isEmpty)
    }
}
