import Foundation
import GitKit
import Reconciler

/// The cost of one Gitspace's workspace, the way a pass pays it: bring the mirror up to date (the first
/// Gitspace of a repository clones it over the network, a later one finds it and checks that it is current in
/// one round trip) and check the workspace out from it.
///
/// Measures one side per process so that the caller can interleave it with its baselines and let the disk's
/// write-back settle before each (bench/workspaces.py); prints `seconds SECONDS`. The state stays in `state`
/// (`mirrors/bench.git`, `instances/bench/workspaces/NAME`) for the next side and for disk measurements.
func benchWorkspace(url: String, state: String, name: String) throws {
    let store = WorkspaceStore(stateDirectory: state, instance: "bench")
    let mirror = state + "/mirrors/bench.git"
    try FileManager.default.createDirectory(atPath: state + "/mirrors", withIntermediateDirectories: true)
    let elapsed = try ContinuousClock().measure {
        _ = try Mirror.sync(url: url, at: mirror, credentials: .none)
        _ = try store.prepare(name: name, mirror: mirror, repo: url, branch: nil)
    }
    print("seconds \(seconds(elapsed))")
}
