import DockerEngine
import Foundation
import GitspacesCore
import Reconciler

extension EngineSession {
    /// Reading the config source (a fetch for a git source) and decoding its manifests, as `desiredState` does,
    /// as a closure that may run while the engine is being asked.
    static func desiredStateReader(
        _ config: ConfigOptions, _ global: GlobalOptions, verifier: CommitVerifier? = nil
    ) -> @Sendable () async throws -> (DesiredState, String?) {
        let reader = ConfigReader(mirrorsDirectory: global.mirrorsDirectory, verifier: verifier)
        let source = config.source
        return {
            let snapshot = try await readConfig { () throws(ConfigSourceError) in try reader.read(source) }
            return (try load(snapshot, describedAs: "\(source)"), snapshot.commit)
        }
    }

    /// Runs `body` with `work` started as a task; the task is cancelled and awaited when `body` ends, so nothing it
    /// does outlives the caller (an engine client shut down under a list in flight, say).
    static func overlapping<Value: Sendable, T>(
        _ work: @escaping @Sendable () async throws -> Value, _ body: (Task<Value, any Error>) async throws -> T
    ) async throws -> T {
        let task = Task { try await work() }
        do {
            let result = try await body(task)
            task.cancel()
            _ = await task.result
            return result
        } catch {
            task.cancel()
            _ = await task.result
            throw error
        }
    }
}
