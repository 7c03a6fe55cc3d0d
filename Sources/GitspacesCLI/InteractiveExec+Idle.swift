import DockerEngine
import Foundation
import GitspacesCore
import Reconciler
import Shared

extension InteractiveExec {
    /// `target` when it runs; otherwise, when the manifests last applied say `running` (it is idle, or was stopped
    /// by hand), starts it as a pass would (`IdleTransition.start`: disk, hooks, ports), saying so on stderr, and
    /// returns it running. Anything else fails as before, saying how to start it.
    static func wakeIfStopped(_ target: GitspaceTarget, _ global: GlobalOptions, docker: DockerClient) async throws
        -> GitspaceTarget
    {
        if target.running { return target }
        let layout = StateLayout(stateDirectory: global.resolvedStateDir, instance: global.instance)
        let (intent, idle) = await BlockingWork.run {
            (RunIntents(layout: layout).read(target.name), IdleRecords(layout: layout).read(target.name))
        }
        guard global.backend == .docker, intent?.state == .running else {
            try target.requireRunning()
            return target
        }
        let why = idle?.containerID == target.container.id ? "idle" : "stopped"
        writeOut("starting \(why) gitspace \(target.name)…\n", to: .standardError)
        let lock: StateLock
        do {
            // A pass or an apply writes the same records: start it between them.
            lock = try await StateLock.acquire(
                stateDirectory: layout.root, command: CommandLine.arguments.dropFirst().first ?? "exec",
                timeout: .seconds(300))
        } catch {
            throw GitspaceLookupError("Gitspace '\(target.name)' could not be started: \(error.message)")
        }
        defer { withExtendedLifetime(lock) {} }
        do {
            try await IdleTransition.start(target.name, runtime: DockerRuntime(docker), layout: layout)
        } catch {
            throw GitspaceLookupError(
                "Gitspace '\(target.name)' could not be started: \(error); see `gitspaces status \(target.name)` "
                    + "and `gitspaces logs \(target.name)`")
        }
        let started = try await GitspaceTarget.find(target.name, instance: global.instance, docker: docker)
        try started.requireRunning()
        return started
    }

    /// Runs `body` with a session record for Gitspace `name`, touched while it lasts and removed at its end, so that
    /// the daemon does not stop the Gitspace for being idle meanwhile. Without the instance's state folder (nothing
    /// was ever applied with this --state-dir), no record is kept.
    static func withSession<T>(_ name: String, _ global: GlobalOptions, _ body: () async throws -> T) async rethrows
        -> T
    {
        let records = SessionRecords(
            layout: StateLayout(stateDirectory: global.resolvedStateDir, instance: global.instance))
        let command = CommandLine.arguments.dropFirst().first ?? "exec"
        let handle = await BlockingWork.run { () -> SessionRecords.Handle? in
            guard FileManager.default.fileExists(atPath: records.layout.instanceDirectory) else { return nil }
            return try? records.open(name, command: command)
        }
        guard let handle else { return try await body() }
        let heartbeat = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: SessionRecords.heartbeat)
                if Task.isCancelled { break }
                await BlockingWork.run { records.touch(handle) }
            }
        }
        defer {
            heartbeat.cancel()
            records.close(handle)
        }
        return try await body()
    }
}
