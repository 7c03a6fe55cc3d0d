import DockerEngine
import Foundation
import GitspacesDaemon
import GitspacesTestScope
import GitspacesTestSupport
import Reconciler
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The daemon as users run it: the built binary as a subprocess, the real engine, a config repository
/// served by `git daemon` on 127.0.0.1.
@Suite(.serialized, .onWidePool)
struct DaemonProcessTests {
    @Test func commitsAreAppliedEditedAndDeletedWithTheWorkspaceKeptWhenDirty() async throws {
        try await withWorld { world in
            let daemon = try world.startDaemon(interval: "500ms")
            let name = world.name("app")
            let first = try await world.publish(["app.yaml": world.gitspace("app")], message: "add app")
            let running = try await daemon.waitForStatus("app running") { report in
                report.entry(name)?.phase == .running && report.entry(name)?.ready.status == true
            }
            #expect(running.daemon.lastAppliedRevision == first)
            #expect(running.entry(name)?.appliedCommit == first)
            #expect(running.entry(name)?.sourceCommit == (try world.source.git("rev-parse", "HEAD")))
            #expect(running.entry(name)?.workspace?.state == "clean")

            // Edit: cpus 0.5 → 1, in place.
            let second = try await world.publish(["app.yaml": world.gitspace("app", cpus: "1")], message: "more cpu")
            try await daemon.waitForStatus("the edit applied") { $0.daemon.lastAppliedRevision == second }
            try await eventually("cpus updated on the engine") {
                try await world.docker.inspect("gitspace-\(name)")?.hostConfig.nanoCPUs == 1_000_000_000
            }
            let container = try #require(try await world.containers()[name])
            #expect(container.state == "running")

            // Work in the workspace, then delete the Gitspace: the container goes, the work is kept.
            try "notes\n".write(toFile: world.workspace("app") + "/notes.txt", atomically: true, encoding: .utf8)
            try await world.publish(["other.yaml": world.gitspace("other")], message: "replace app by other")
            try await eventually("app's container removed") { try await world.containers()[name] == nil }
            // The workspace is set aside after the container is removed: wait for that step too.
            func retained() -> [String] {
                (try? FileManager.default.contentsOfDirectory(atPath: world.stateDirectory + "/retained")) ?? []
            }
            try await eventually("app's workspace kept") { retained().contains { $0.hasPrefix(name + "-") } }
            let kept = try #require(retained().first { $0.hasPrefix(name + "-") })
            #expect(FileManager.default.fileExists(atPath: world.stateDirectory + "/retained/\(kept)/notes.txt"))
            try await eventually("the Deleted event") {
                try await daemon.client.events(name: name)?.contains { $0.reason == "Deleted" } == true
            }
            let events = try #require(try await daemon.client.events(name: name))
            #expect(events.map(\.reason).contains("Created"))
            #expect(events.map(\.reason).contains("Updated"))
            #expect(events.contains { $0.reason == "Deleted" && $0.message.contains("workspace kept at") })
            // The events outlive the daemon: the CLI reads the file when nobody answers.
            daemon.kill(SIGTERM)
            #expect(await daemon.waitForExit(seconds: 60) == 0)
            let cli = try await GitspacesTestSupport.run(
                Binary.path,
                [
                    "events", name, "--state-dir", world.stateDirectory, "--instance", world.instance, "--listen",
                    "127.0.0.1:1",
                ],
                check: false)
            #expect(cli.status == 0)
            #expect(cli.stdout.contains("Deleted"))
        }
    }

    @Test func aSignedWebhookConvergesAtOnceAndABadSignatureChangesNothing() async throws {
        try await withWorld { world in
            // An hour between polls: only the webhook can explain a quick change.
            let daemon = try world.startDaemon(interval: "1h")
            let initial = try await daemon.waitForStatus("the first pass") { $0.daemon.passes >= 1 }
            let name = world.name("hooked")
            let commit = try await world.publish(["hooked.yaml": world.gitspace("hooked")])

            #expect(try await daemon.postHook(body: "{\"ref\":\"refs/heads/main\"}", secret: "wrong") == 401)
            #expect(try await daemon.client.request("POST", "/hooks/git", body: Array("{}".utf8)).status == 401)
            let tooLarge = [UInt8](repeating: UInt8(ascii: "a"), count: 2 << 20)
            #expect(try await daemon.client.request("POST", "/hooks/git", body: tooLarge).status == 413)
            let after = try #require(await daemon.status())
            #expect(after.daemon.passes == initial.daemon.passes)
            #expect(after.daemon.lastAttemptedRevision != commit)
            #expect(try await world.containers()[name] == nil)
            #expect(daemon.log().contains("webhook refused"))

            #expect(try await daemon.postHook(body: "{\"ref\":\"refs/heads/main\"}", secret: world.secret) == 202)
            try await daemon.waitForStatus("the hooked Gitspace running", seconds: 180) { report in
                report.daemon.lastAppliedRevision == commit && report.entry(name)?.phase == .running
            }
            // The generic header works too.
            #expect(try await daemon.postHook(body: "{}", secret: world.secret, header: "X-Signature") == 202)
            let metrics = String(decoding: try await daemon.client.request("GET", "/metrics").body, as: UTF8.self)
            #expect(metrics.contains("gitspaces_webhook_requests_total{result=\"accepted\"} 2"))
            #expect(metrics.contains("gitspaces_webhook_requests_total{result=\"rejected\"} 2"))
            #expect(metrics.contains("gitspaces_apply_actions_total{kind=\"create\",result=\"success\"} 1"))
            #expect(metrics.contains("gitspaces_reconcile_duration_seconds_count"))
            #expect(try await daemon.client.request("GET", "/healthz").status == 200)
            #expect(try await daemon.client.request("GET", "/readyz").status == 200)
        }
    }

    @Test func anInvalidCommitLeavesTheLastGoodOneInForceAndShowsItsErrors() async throws {
        try await withWorld { world in
            let daemon = try world.startDaemon(interval: "500ms")
            let name = world.name("steady")
            let good = try await world.publish(["steady.yaml": world.gitspace("steady")])
            try await daemon.waitForStatus("steady running") { $0.entry(name)?.ready.status == true }

            let bad = try await world.publish(
                ["steady.yaml": world.gitspace("steady", cpus: "lots"), "broken.yaml": "kind: [unclosed\n"],
                message: "a broken commit")
            let report = try await daemon.waitForStatus("the bad commit attempted") {
                $0.daemon.lastAttemptedRevision == bad
            }
            #expect(report.daemon.lastAppliedRevision == good)
            #expect(report.daemon.configErrors.contains { $0.hasPrefix("broken.yaml:2:1: error:") })
            #expect(report.daemon.configErrors.contains { $0.hasPrefix("steady.yaml:") && $0.contains("cpus") })

            // The good commit is still reconciled: a container stopped by hand is started again.
            let container = try #require(try await world.containers()[name])
            try await world.docker.stop(container.id, timeout: 1)
            try await eventually("the stopped container running again") {
                try await world.containers()[name]?.state == "running"
            }
            let stillGood = try #require(await daemon.status())
            #expect(stillGood.daemon.lastAppliedRevision == good)
            #expect(try await world.docker.inspect(container.id)?.hostConfig.nanoCPUs == 500_000_000)
            let events = try #require(try await daemon.client.events(name: name))
            #expect(events.contains { $0.reason == "Drifted" && $0.message.contains("stopped outside gitspaces") })
            // `gitspaces status` shows the table from the daemon.
            let cli = try await GitspacesTestSupport.run(
                Binary.path, ["status", "--listen", "127.0.0.1:\(daemon.port)"], check: false)
            #expect(cli.status == 0)
            #expect(cli.stdout.contains(name))
            #expect(cli.stdout.contains("broken.yaml:2:1: error:"))
        }
    }

    @Test func withoutSelfHealDriftIsOnlyReported() async throws {
        try await withWorld { world in
            let daemon = try world.startDaemon(interval: "300ms", extra: ["--self-heal=false"])
            let name = world.name("manual")
            try await world.publish(["manual.yaml": world.gitspace("manual")])
            try await daemon.waitForStatus("manual running") { $0.entry(name)?.ready.status == true }
            let container = try #require(try await world.containers()[name])
            try await world.docker.stop(container.id, timeout: 1)
            let report = try await daemon.waitForStatus("the drift reported") { $0.entry(name)?.drift != nil }
            #expect(report.entry(name)?.ready.reason == "Drifted")
            #expect(report.entry(name)?.phase == .stopped)
            // Several passes later it is still stopped.
            let passes = report.daemon.passes
            try await daemon.waitForStatus("three more passes") { $0.daemon.passes >= passes + 3 }
            #expect(try await world.containers()[name]?.state == "exited")
        }
    }

    @Test func aHandMadeResizeIsNoticedAndUndone() async throws {
        try await withWorld { world in
            let daemon = try world.startDaemon(interval: "300ms")
            let name = world.name("sized")
            try await world.publish(["sized.yaml": world.gitspace("sized")])
            try await daemon.waitForStatus("sized running") { $0.entry(name)?.ready.status == true }
            let container = try #require(try await world.containers()[name])
            try await world.docker.update(container.id, nanoCPUs: 2_000_000_000)
            try await eventually("cpus back to the declared 0.5") {
                try await world.docker.inspect(container.id)?.hostConfig.nanoCPUs == 500_000_000
            }
            let events = try #require(try await daemon.client.events(name: name))
            #expect(events.contains { $0.reason == "Drifted" && $0.message.contains("hardware.cpus") })
            #expect(try await world.containers()[name]?.id == container.id, "corrected in place, not recreated")

            // Removed by hand: created again, on the same workspace.
            try "kept\n".write(toFile: world.workspace("sized") + "/work.txt", atomically: true, encoding: .utf8)
            _ = try await world.docker.remove(container.id, force: true)
            try await eventually("a new container running") {
                let now = try await world.containers()[name]
                return now != nil && now?.id != container.id && now?.state == "running"
            }
            #expect(FileManager.default.fileExists(atPath: world.workspace("sized") + "/work.txt"))
            try await eventually("the removal reported as drift") {
                try await daemon.client.events(name: name)?.contains {
                    $0.message.contains("removed outside gitspaces")
                } == true
            }
        }
    }

    @Test func aFailingGitspaceBacksOffWithoutHoldingUpTheOthers() async throws {
        try await withWorld { world in
            let daemon = try world.startDaemon(interval: "200ms")
            let good = world.name("good")
            let bad = world.name("bad")
            let broken = world.gitspace("bad").replacingOccurrences(
                of: world.source.url, with: "file://\(world.folder.path)/no-such-repository")
            try await world.publish(["good.yaml": world.gitspace("good"), "bad.yaml": broken])
            let report = try await daemon.waitForStatus("good running, bad failing") { report in
                report.entry(good)?.ready.status == true && report.entry(bad)?.phase == .failed
            }
            #expect(report.entry(bad)?.lastError?.contains("no-such-repository") == true)
            try await eventually("three attempts of bad", seconds: 180) {
                (try await daemon.client.events(name: bad)?.filter { $0.reason == "Failed" }.count ?? 0) >= 3
            }
            let failures = try #require(try await daemon.client.events(name: bad)).filter { $0.reason == "Failed" }
            // 1 s, then 2 s, then 4 s: the passes every 200 ms do not retry it sooner.
            #expect(failures[0].message.contains("retrying in 1 s"))
            #expect(failures[1].message.contains("retrying in 2 s"))
            #expect(failures[2].message.contains("retrying in 4 s"))
            #expect(failures[1].time.timeIntervalSince(failures[0].time) >= 0.9)
            #expect(try await world.containers()[good]?.state == "running")
            let metrics = String(decoding: try await daemon.client.request("GET", "/metrics").body, as: UTF8.self)
            #expect(metrics.contains("gitspaces_apply_actions_total{kind=\"create\",result=\"failure\"}"))
            #expect(metrics.contains("gitspaces_apply_actions_total{kind=\"create\",result=\"skipped\"}"))
        }
    }

    @Test func aMassDeletionIsRefusedAndReportedUntilThePolicyAllowsIt() async throws {
        try await withWorld { world in
            let daemon = try world.startDaemon(interval: "300ms")
            let policy = { (max: Int) in
                "apiVersion: gitspaces/v1\nkind: Policy\nmetadata: {name: default}\nspec: {maxDeletions: \(max)}\n"
            }
            let names = ["m0", "m1", "m2"].map(world.name)
            let first = try await world.publish([
                "policy.yaml": policy(1), "m0.yaml": world.gitspace("m0"), "m1.yaml": world.gitspace("m1"),
                "m2.yaml": world.gitspace("m2"),
            ])
            try await daemon.waitForStatus("three running") { report in
                names.allSatisfy { report.entry($0)?.ready.status == true }
            }
            let refused = try await world.publish(["policy.yaml": policy(1), "m0.yaml": world.gitspace("m0")])
            let report = try await daemon.waitForStatus("the refusal reported") {
                $0.daemon.lastAttemptedRevision == refused && $0.daemon.refusal != nil
            }
            #expect(report.daemon.lastAppliedRevision == first)
            #expect(report.daemon.refusal?.contains("maxDeletions of 1") == true)
            #expect(report.entry(names[1])?.phase == .blocked)
            #expect(try await world.containers().count == 3)

            let allowed = try await world.publish(["policy.yaml": policy(2), "m0.yaml": world.gitspace("m0")])
            try await daemon.waitForStatus("the deletions applied") { report in
                report.daemon.lastAppliedRevision == allowed && report.daemon.refusal == nil
                    && report.gitspaces.count == 1
            }
            #expect(try await world.containers().keys.sorted() == [names[0]])
        }
    }

    @Test func killedWhileApplyingTwentyGitspacesARestartConvergesWithoutDuplicatesOrLoss() async throws {
        try await withWorld { world in
            var files: [String: String] = [:]
            for index in 0..<20 { files["g\(index).yaml"] = world.gitspace("g\(index)") }
            try await world.publish(files, message: "twenty Gitspaces")
            let names = Set((0..<20).map { world.name("g\($0)") })
            for (round, killPoint) in [1, 5, 12].enumerated() {
                let state = world.folder.appending("state-\(round)")
                let instance = "\(world.instance)-\(round)"
                let arguments = ["--parallel", "4"]
                // What a kill during a clone leaves: a repository without a commit where a workspace goes.
                let interrupted = WorkspaceStore(stateDirectory: state, instance: instance).path(for: world.name("g0"))
                try await GitspacesTestSupport.run("git", ["init", "--quiet", interrupted])
                let first = try DaemonProcess.start(
                    arguments: [
                        "daemon", "--repo", world.configURL, "--interval", "1s", "--state-dir", state, "--instance",
                        instance,
                    ] + arguments, logDirectory: world.folder.path)
                world.daemons.append(first)
                try await eventually("\(killPoint) containers exist", seconds: 180) {
                    try await world.docker.list(labels: [ContainerIdentity.instanceLabel: instance], all: true).count
                        >= killPoint
                }
                first.kill(SIGKILL)
                _ = await first.waitForExit(seconds: 30)
                let second = try DaemonProcess.start(
                    arguments: [
                        "daemon", "--repo", world.configURL, "--interval", "1s", "--state-dir", state, "--instance",
                        instance,
                    ] + arguments, logDirectory: world.folder.path)
                world.daemons.append(second)
                try await second.waitForStatus(
                    "twenty running after the restart (kill after \(killPoint))", seconds: 180
                ) {
                    report in
                    report.gitspaces.count == 20
                        && report.gitspaces.allSatisfy { $0.phase == .running && $0.ready.status }
                }
                let containers = try await world.docker.list(
                    labels: [ContainerIdentity.instanceLabel: instance], all: true)
                #expect(containers.count == 20, "kill after \(killPoint): \(containers.count) containers")
                #expect(Set(containers.compactMap { $0.labels[ContainerIdentity.nameLabel] }) == names)
                #expect(containers.allSatisfy { $0.state == "running" })
                let store = WorkspaceStore(stateDirectory: state, instance: instance)
                for name in names {
                    #expect(
                        FileManager.default.fileExists(
                            atPath: store.path(for: name) + "/.devcontainer/devcontainer.json"),
                        "the workspace of \(name) is complete")
                }
                let retained = (try? FileManager.default.contentsOfDirectory(atPath: state + "/retained")) ?? []
                #expect(
                    retained.contains { $0.hasPrefix(world.name("g0") + "-") },
                    "the interrupted clone is set aside, not deleted")
                second.kill(SIGTERM)
                #expect(await second.waitForExit(seconds: 60) == 0)
                for container in containers { _ = try? await world.docker.remove(container.id, force: true) }
            }
        }
    }

    @Test func sigtermFinishesInFlightActionsAndExitsZero() async throws {
        try await withWorld { world in
            let daemon = try world.startDaemon(interval: "1h", extra: ["--shutdown-timeout", "20s", "--parallel", "2"])
            try await daemon.waitForStatus("the first pass") { $0.daemon.passes >= 1 }
            var files: [String: String] = [:]
            for index in 0..<6 { files["s\(index).yaml"] = world.gitspace("s\(index)") }
            try await world.publish(files)
            #expect(try await daemon.postHook(body: "{}", secret: world.secret) == 202)
            try await eventually("a container exists") { try await !world.containers().isEmpty }
            daemon.kill(SIGTERM)
            let status = await daemon.waitForExit(seconds: 60)
            #expect(status == 0, "exit status \(String(describing: status)); log: \(daemon.log().suffix(2000))")
            #expect(daemon.log().contains("stopped: in-flight actions finished"))
            // Nothing is half made: every container there was created completely (it has its labels) and
            // a second daemon takes the lock and carries on.
            let left = try await world.containers()
            #expect(left.count < 6, "the shutdown stopped launching actions")
            for container in left.values {
                #expect(container.labels[ContainerIdentity.specHashLabel] != nil)
            }
            let next = try world.startDaemon(interval: "1h")
            try await next.waitForStatus("all six running") { report in
                report.gitspaces.count == 6 && report.gitspaces.allSatisfy { $0.ready.status }
            }
        }
    }

    @Test func branchAndPathPickWhatIsRead() async throws {
        try await withWorld { world in
            try await world.publish(["on-main.yaml": world.gitspace("on-main")])
            try world.config.git("checkout", "--quiet", "-b", "release")
            try world.config.write("envs/prod/on-release.yaml", world.gitspace("on-release"))
            try world.config.write("envs/test/elsewhere.yaml", world.gitspace("elsewhere"))
            let commit = try world.config.commit("release")
            try world.config.git("push", "--quiet", "origin", "release")
            let daemon = try world.startDaemon(
                interval: "500ms", extra: ["--branch", "release", "--path", "envs/prod"])
            let report = try await daemon.waitForStatus("on-release running") {
                $0.entry(world.name("on-release"))?.ready.status == true
            }
            #expect(report.daemon.lastAppliedRevision == commit)
            #expect(report.gitspaces.map(\.name) == [world.name("on-release")])
        }
    }

    @Test func aSecondDaemonOnTheSameStateDirectoryExitsWithCodeFour() async throws {
        try await withWorld { world in
            let first = try world.startDaemon(interval: "1h")
            try await first.waitForStatus("the first pass") { $0.daemon.passes >= 1 }
            let second = try world.startDaemon(interval: "1h")
            let status = await second.waitForExit(seconds: 30)
            #expect(status == 4)
            #expect(second.log().contains("another gitspaces daemon uses this state directory"))
            #expect(first.process.isRunning)
        }
    }

    @Test func theConfigFileIsReadFlagsWinAndLogsAreJSON() async throws {
        try await withWorld { world in
            let file = world.folder.appending("gitspaces.conf")
            try """
            # a daemon config file
            repo: \(world.configURL)
            interval: 1h
            listen: 127.0.0.1:1        # the --listen flag wins
            state-dir: \(world.stateDirectory)
            instance: \(world.instance)
            webhook-secret-file: \(world.secretFile)
            log-format: json
            """.write(toFile: file, atomically: true, encoding: .utf8)
            let commit = try await world.publish(["conf.yaml": world.gitspace("conf")])
            let daemon = try DaemonProcess.start(
                arguments: ["daemon", "--config", file], logDirectory: world.folder.path)
            world.daemons.append(daemon)
            try await daemon.waitForStatus("the commit applied") { $0.daemon.lastAppliedRevision == commit }
            let lines = daemon.log().split(separator: "\n")
            #expect(!lines.isEmpty)
            for line in lines {
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String]
                #expect(object?["message"] != nil, "not a JSON log line: \(line)")
            }
            #expect(lines.contains { $0.contains("\"gitspaces.commit\":\"\(commit)\"") })
            #expect(!daemon.log().contains(world.secret))

            try "repo: x\nintervall: 5s\n".write(toFile: file, atomically: true, encoding: .utf8)
            let bad = try await GitspacesTestSupport.run(Binary.path, ["daemon", "--config", file], check: false)
            #expect(bad.status == 2)
            #expect(bad.stderr.contains("gitspaces.conf:2:1: error: unknown key 'intervall'"))
        }
    }

    @Test func statusReadsTheEngineWhenNoDaemonAnswers() async throws {
        try await withWorld { world in
            let daemon = try world.startDaemon(interval: "500ms")
            let name = world.name("direct")
            let commit = try await world.publish(["direct.yaml": world.gitspace("direct")])
            try await daemon.waitForStatus("direct running") { $0.entry(name)?.ready.status == true }
            daemon.kill(SIGTERM)
            #expect(await daemon.waitForExit(seconds: 60) == 0)
            let cli = try await GitspacesTestSupport.run(
                Binary.path,
                [
                    "status", name, "--format", "json", "--listen", "127.0.0.1:1", "--state-dir", world.stateDirectory,
                    "--instance", world.instance,
                ], check: false)
            #expect(cli.status == 0, "\(cli.stderr)")
            let report = try StatusReport.decode(Data(cli.stdout.utf8))
            let entry = try #require(report.entry(name))
            #expect(entry.phase == .running)
            #expect(entry.appliedCommit == commit)
            #expect(entry.workspace?.state == "clean")
        }
    }
}
