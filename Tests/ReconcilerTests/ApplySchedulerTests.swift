import DockerEngine
import Foundation
import GitspacesCore
import Reconciler
import Testing

/// The apply scheduler against a runtime that only records what it is asked: the order of the engine calls and
/// the typed failure of an action, with no engine.
struct ApplySchedulerTests {
    @Test func resourcesAreFreedBeforeAnythingStartsAndAGoneContainerFailsTyped() async throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("gs-scheduler-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: state) }
        let runtime = RecordingRuntime()
        let spec = ResolvedSpec(repo: "https://git.example/a.git", image: "busybox")
        let plan = Plan(actions: [
            PlanAction(kind: .start, name: "t", spec: spec, running: true),
            PlanAction(kind: .update, name: "gone", spec: spec, running: true),
            PlanAction(kind: .stop, name: "s", spec: spec, running: false),
            PlanAction(kind: .delete, name: "d", data: .kept, spec: nil, running: false),
        ])
        let containers = Dictionary(
            uniqueKeysWithValues: ["t", "s", "d"].map {
                (
                    $0,
                    ManagedContainer(
                        id: "id-\($0)", name: $0, running: $0 != "t", state: $0 == "t" ? "exited" : "running")
                )
            })
        let executor = ApplyExecutor(
            runtime: runtime, instance: "test", records: AppliedRecords(stateDirectory: state, instance: "test"),
            commit: nil, parallelism: 1)
        let outcomes = await executor.apply(plan, observation: Observation(gitspaces: [], containers: containers))

        #expect(runtime.calls == ["stop id-s", "remove id-d", "volumes", "start id-t"])
        let gone = try #require(outcomes.first { $0.action.name == "gone" }?.error)
        #expect(gone.code == .containerGone)
        #expect(gone.operation == ApplyError.Operation(gitspace: "gone", action: .update))
        #expect(gone.description == "the container of gone is gone: the next pass recreates it")
        #expect(outcomes.filter(\.succeeded).map(\.action.name).sorted() == ["d", "s", "t"])
    }
}

/// Records the calls that change containers; answers every question with "nothing there".
final class RecordingRuntime: ContainerRuntime, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [String] = []

    var calls: [String] { lock.withLock { recorded } }

    private func record(_ call: String) { lock.withLock { recorded.append(call) } }

    func containers(labelled labels: [String: String?]) async throws -> [ContainerSummary] { [] }
    func container(_ idOrName: String) async throws -> ContainerDetails? { nil }
    func createContainer(named name: String, spec: ContainerSpec) async throws -> String {
        record("create \(name)")
        return "id-\(name)"
    }
    func startContainer(_ id: String) async throws { record("start \(id)") }
    func stopContainer(_ id: String, timeout: Int) async throws { record("stop \(id)") }
    func setLimits(of id: String, nanoCPUs: Int64, memory: Int64) async throws { record("limits \(id)") }
    func removeContainer(_ id: String, withVolumes: Bool) async throws { record("remove \(id)") }
    func run(
        _ command: [String], in container: String, user: String?, workingDir: String?, env: [String],
        output: (@Sendable (OutputChunk) -> Void)?
    ) async throws -> ExecResult {
        record("run \(container)")
        return ExecResult(exitCode: 0, stdout: "", stderr: "")
    }
    func image(_ reference: String) async throws -> ImageDetails? { nil }
    func pullImage(_ reference: String) async throws { record("pull \(reference)") }
    func buildImage(
        context: BuildContext, tag: String, dockerfile: String, buildArgs: [String: String], target: String?,
        labels: [String: String], output: (@Sendable (String) -> Void)?
    ) async throws { record("build \(tag)") }
    func volumes(labelled labels: [String: String?]) async throws -> [VolumeDetails] {
        record("volumes")
        return []
    }
    func volume(_ name: String) async throws -> VolumeDetails? { nil }
    func createVolume(named name: String, labels: [String: String]) async throws -> VolumeDetails {
        throw EngineError(.invalidArgument, message: "not recorded", operation: "volume create \(name)")
    }
    func removeVolume(_ name: String) async throws { record("remove volume \(name)") }
    func workspaceMount(hostPath: String, target: String, ownFilesystem: Bool) -> ContainerTemplate.WorkspaceMount {
        ContainerTemplate.WorkspaceMount(host: hostPath, target: target, ownFilesystem: ownFilesystem)
    }
}
