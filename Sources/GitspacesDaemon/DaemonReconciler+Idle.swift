import DockerEngine
import Foundation
import GitspacesCore
import Logging
import Reconciler
import Shared

extension DaemonReconciler {
    /// Records what the manifests in force ask (for `ssh` and `exec`), then stops the running Gitspaces that have
    /// had no ssh/exec session and no CPU use for their idle timeout, through the executor's stop step. Returns the
    /// idle records that hold, for status; `observation` is updated for the containers it stopped.
    func watchIdle(_ observation: inout Observation, memory: inout LoopMemory) async -> [String: IdleRecord] {
        let layout = self.layout
        let desired = memory.lastGood?.desired
        if let desired, let commit = memory.lastGood?.commit, memory.idle.intentsSynced != commit {
            do {
                try await BlockingWork.run { try RunIntents(layout: layout).sync(desired) }
                memory.idle.intentsSynced = commit
            } catch {
                logger.warning("the run intents could not be written", metadata: ["error": "\(error)"])
            }
        }
        let idle = IdleRecords(layout: layout)
        let (live, ended, stored) = await BlockingWork.run {
            let sessions = SessionRecords(layout: layout)
            return (sessions.live(), sessions.lastEnded(), idle.readAll())
        }
        var records = stored
        for (name, record) in stored {
            // Started by hand (or by anything else), replaced, or gone: the record is over.
            guard let container = observation.containers[name], container.id == record.containerID, !container.running
            else {
                records[name] = nil
                await BlockingWork.run { idle.remove(name) }
                continue
            }
        }
        var timeouts: [String: IdleTimeout] = [:]
        for gitspace in desired?.gitspaces ?? [] where gitspace.state == .running {
            if let timeout = gitspace.idleTimeout, !timeout.isNever { timeouts[gitspace.name] = timeout }
        }
        let watched = Set(timeouts.keys.filter { observation.containers[$0]?.running == true })
        memory.idle.keep(only: watched)
        let observed = Dictionary(observation.gitspaces.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for name in watched.sorted() {
            guard let timeout = timeouts[name], let container = observation.containers[name],
                let gitspace = observed[name], memory.lastErrors[name] == nil
            else { continue }
            let cpu = try? await runtime.cpuUsage(of: container.id)
            let now = Date()
            guard
                let idleSince = memory.idle.look(
                    name, containerID: container.id, now: now, session: live[name] != nil, sessionEnded: ended[name],
                    cpuNanoseconds: cpu?.totalNanoseconds, timeout: timeout)
            else { continue }
            let stop = IdleRecord(containerID: container.id, stoppedAt: now, lastActivity: idleSince, timeout: timeout)
            let metadata: Logger.Metadata = ["gitspaces.name": "\(name)", "gitspaces.idle_timeout": "\(timeout)"]
            do {
                try await IdleTransition.stop(
                    name, observed: gitspace, container: container, runtime: runtime, layout: layout, record: stop)
            } catch {
                logger.warning(
                    "stopping an idle gitspace failed", metadata: metadata.merging(["error": "\(error)"]) { $1 })
                await self.record(
                    name, .warning, "Failed", "stopping it after \(timeout) without activity failed: \(error)",
                    commit: memory.lastApplied)
                continue
            }
            memory.idle.entries[name] = nil
            records[name] = stop
            observation.containers[name]?.running = false
            observation.containers[name]?.state = "exited"
            metrics.idleStopped()
            logger.info("stopped an idle gitspace", metadata: metadata)
            await self.record(
                name, .normal, "Idle",
                "container stopped after \(timeout) without an ssh/exec session or CPU use; "
                    + "`gitspaces ssh` or `exec` starts it",
                commit: memory.lastApplied)
        }
        return records
    }
}
