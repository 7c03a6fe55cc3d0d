import GitspacesCore
import Logging
import Reconciler

extension DaemonReconciler {
    /// Asks a runtime with nodes (a swarm) where each Gitspace is and which nodes are down, once per pass; a Gitspace
    /// whose node goes down gets a `NodeDown` event naming the node, and a `NodeReady` event when it is back.
    func refreshNodes(_ memory: inout LoopMemory) async {
        guard let runtime = runtime as? any NodeAwareRuntime else { return }
        let report: NodeReport
        do {
            report = try await runtime.nodeReport(instance: configuration.instance)
        } catch {
            // The manager did not answer: the pass reports that; what was known stays.
            logger.debug("nodes not read", metadata: ["error": "\(error)"])
            return
        }
        let before = memory.nodes?.down ?? [:]
        memory.nodes = report
        let commit = memory.lastApplied
        for (name, down) in report.down.sorted(by: { $0.key < $1.key }) where before[name] == nil {
            logger.warning("node down", metadata: ["gitspaces.name": "\(name)", "node": "\(down.nodeID)"])
            await record(name, .warning, "NodeDown", down.description, commit: commit)
        }
        for (name, down) in before.sorted(by: { $0.key < $1.key }) where report.down[name] == nil {
            let node = report.gitspaces[name]?.node ?? down.nodeID
            logger.info("node back", metadata: ["gitspaces.name": "\(name)", "node": "\(down.nodeID)"])
            await record(
                name, .normal, "NodeReady", "its node \(node) is back: it converges there", commit: commit)
        }
    }

    /// The plan's actions without those of Gitspaces whose node is down: nothing is started, replaced or deleted
    /// while the node that holds the workspace is away, and never anywhere else.
    func holdOnDownNodes(_ actions: [PlanAction], memory: LoopMemory) -> (kept: [PlanAction], held: Set<String>) {
        let down = memory.nodes?.down ?? [:]
        guard !down.isEmpty else { return (actions, []) }
        var kept: [PlanAction] = []
        var held: Set<String> = []
        for action in actions {
            if down[action.name] != nil {
                held.insert(action.name)
                metrics.action(kind: action.kind.rawValue, result: "skipped")
            } else {
                kept.append(action)
            }
        }
        return (kept, held)
    }

    /// A Gitspace held on a down node is converged to nothing: when the node is back, starting it again is the
    /// plan's ordinary work, not drift (it runs with self-heal off too).
    func forgetConverged(_ names: Set<String>, memory: inout LoopMemory) {
        for name in names.union(memory.nodes?.down.keys ?? [:].keys) {
            memory.converged[name] = nil
            memory.drift[name] = nil
        }
    }
}
