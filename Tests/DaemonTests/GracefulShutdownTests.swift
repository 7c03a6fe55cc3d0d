import DockerEngine
import Foundation
import GitspacesDaemon
import GitspacesTestScope
import GitspacesTestSupport
import Logging
import Reconciler
import ServiceLifecycleTestKit
import Testing

/// The reconcile loop as a `Service`, run in-process: graceful shutdown ends it between passes.
@Suite(.onWidePool)
struct GracefulShutdownTests {
    @Test func gracefulShutdownEndsTheLoopWithoutWaitingOutItsInterval() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let config = try GitFixture(at: folder.appending("config"))
        try config.write("README.md", "a config repository without manifests\n")
        try config.commit("empty config")
        var configuration = DaemonConfiguration(repo: config.path, stateDirectory: folder.appending("state"))
        configuration.instance = "test-\(UUID().uuidString.lowercased().prefix(8))"
        configuration.interval = .seconds(3600)
        let docker = try DockerClient(host: nil)
        let reconciler = DaemonReconciler(
            configuration: configuration, runtime: DockerRuntime(docker), logger: Logger(label: "test"))
        let finished = Finished()
        let stopped = await testGracefulShutdown { trigger in
            // Unstructured, so that a loop that does not stop fails the test instead of hanging it.
            Task {
                try await reconciler.run()
                finished.set()
            }
            while reconciler.report == nil { try? await Task.sleep(for: .milliseconds(20)) }
            let triggered = ContinuousClock.now
            trigger.triggerGracefulShutdown()
            // The loop waits an hour between passes: stopping well within that means the shutdown woke it. The
            // bound is generous because the suite's other tests can hold the cooperative pool for a while.
            while !finished.value, ContinuousClock.now - triggered < .seconds(300) {
                try? await Task.sleep(for: .milliseconds(20))
            }
            return finished.value
        }
        try await docker.shutdown()
        #expect(stopped, "the loop waited out its hour-long interval instead of stopping on a graceful shutdown")
        #expect(reconciler.report?.daemon.passes == 1)
    }
}

/// Set once, from another task.
private final class Finished: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false

    var value: Bool { lock.withLock { done } }

    func set() { lock.withLock { done = true } }
}
