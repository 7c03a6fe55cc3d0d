import DockerEngine
import GitspacesCore
import GitspacesTestSupport
import Reconciler
import Shared
import Testing

/// A create asks the engine about its image once per apply, not once per step and Gitspace, and does not inspect a
/// container it just made to learn its user.
@Suite struct ImageLookupsTests {
    @Test func gitspacesOfOneImageAskAboutItOnceAndInspectNoContainer() async throws {
        try await withHarness { harness in
            let runtime = ReleaseRuntime(harness.docker, writerVersion: Release.number)
            let documents = ["a", "b", "c"].map { harness.gitspace($0) }
            let reconciliation = try await Reconciliation.prepare(
                desired: try harness.desired(documents), runtime: runtime, instance: harness.instance,
                stateDirectory: harness.stateDirectory)
            #expect(reconciliation.plan.summary.create == 3)
            let before = (runtime.lookups.images, runtime.lookups.containers)
            let executor = ApplyExecutor(
                runtime: runtime, instance: harness.instance, records: harness.records, commit: "c0ffee",
                parallelism: 1, unresolved: reconciliation.unresolved, sources: reconciliation.sources,
                workspaces: harness.workspaces)
            let outcomes = await executor.apply(reconciliation.plan, observation: reconciliation.observation)
            #expect(outcomes.failures.isEmpty, "\(outcomes.failures)")
            #expect(runtime.lookups.images - before.0 == 1, "image lookups: \(runtime.lookups.images - before.0)")
            #expect(runtime.lookups.containers - before.1 == 0, "container inspects: \(runtime.lookups.containers)")
            for name in ["a", "b", "c"] {
                #expect(try await harness.inspect(name)?.state.running == true, "\(name)")
            }
        }
    }
}
