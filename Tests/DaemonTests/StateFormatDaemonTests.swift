import DockerEngine
import Foundation
import GitspacesDaemon
import GitspacesTestScope
import GitspacesTestSupport
import Reconciler
import Testing

/// A daemon whose state directory a newer gitspaces took over while it ran (its format moved past the one this
/// release reads): every pass is skipped with the reason in status, and nothing on the engine is changed.
@Suite(.onWidePool) struct StateFormatDaemonTests {
    @Test func aDaemonSkipsItsPassesOnceTheStateDirectoryHasANewerFormat() async throws {
        try await withWorld { world in
            let daemon = try world.startDaemon(interval: "500ms")
            let name = world.name("app")
            try await world.publish(["app.yaml": world.gitspace("app")], message: "add app")
            try await daemon.waitForStatus("app running") { $0.entry(name)?.phase == .running }
            let format = StateLayout.formatFile(stateDirectory: world.stateDirectory)
            #expect(try StateFormat.read(stateDirectory: world.stateDirectory)?.version == StateFormat.current)

            let newer = "{\"version\": \(StateFormat.current + 1), \"writtenBy\": \"9.0.0\"}"
            try newer.write(toFile: format, atomically: true, encoding: .utf8)
            let refused = try await daemon.waitForStatus("the pass refused") {
                $0.daemon.reconcileError?.contains("written by gitspaces 9.0.0") == true
            }
            // An edit published now is not fetched, let alone applied, by the passes that follow.
            let edit = try await world.publish(["app.yaml": world.gitspace("app", cpus: "1")], message: "more cpu")
            let later = try await daemon.waitForStatus("two more passes") {
                $0.daemon.passes >= refused.daemon.passes + 2
            }
            #expect(later.daemon.reconcileError?.contains("written by gitspaces 9.0.0") == true)
            #expect(later.daemon.lastAttemptedRevision != edit)
            #expect(try await world.docker.inspect("gitspace-\(name)")?.hostConfig.nanoCPUs == 500_000_000)
            #expect(try String(contentsOfFile: format, encoding: .utf8) == newer)

            // Back at a format it reads, the daemon goes on where it stopped.
            try FileManager.default.removeItem(atPath: format)
            try await daemon.waitForStatus("the edit applied") { $0.daemon.lastAppliedRevision == edit }
        }
    }
}
