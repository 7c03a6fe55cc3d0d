import Foundation
import GitKit
import Reconciler

#if canImport(Glibc)
    import Glibc
#endif

/// The cost of a Gitspace's workspace, the way a pass pays it: the first Gitspace of a repository fetches
/// the mirror (a network clone) and checks out from it; a second one finds the mirror, checks that it is
/// current (one round trip) and checks out locally.
///
/// Prints `first SECONDS` and `second SECONDS` (medians of `runs`, each in a fresh state directory) and
/// leaves the last run's state in `state` (`mirrors/`, `instances/bench/workspaces/{first,second}`) for
/// the caller to measure disk use.
func benchWorkspaces(url: String, state: String, runs: Int) throws {
    var first: [Duration] = []
    var second: [Duration] = []
    let clock = ContinuousClock()
    for _ in 0..<runs {
        try? FileManager.default.removeItem(atPath: state)
        let store = WorkspaceStore(stateDirectory: state, instance: "bench")
        let mirror = state + "/mirrors/bench.git"
        try FileManager.default.createDirectory(atPath: state + "/mirrors", withIntermediateDirectories: true)
        // Each measurement pays for its own writes, not for the dirty pages of the one before.
        sync()
        first.append(
            try clock.measure {
                _ = try Mirror.sync(url: url, at: mirror, credentials: .none)
                _ = try store.prepare(name: "first", mirror: mirror, repo: url, branch: nil)
            })
        sync()
        second.append(
            try clock.measure {
                _ = try Mirror.sync(url: url, at: mirror, credentials: .none)
                _ = try store.prepare(name: "second", mirror: mirror, repo: url, branch: nil)
            })
    }
    print("first \(seconds(first.sorted()[runs / 2]))")
    print("second \(seconds(second.sorted()[runs / 2]))")
}
