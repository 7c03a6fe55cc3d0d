// `gitspaces-testswarm up NODES [IMAGE…]`: builds a test swarm of NODES namespaced engines with IMAGEs loaded on
// every node (GitspacesTestSupport's SwarmCluster, as the swarm tests use), prints `manager ENDPOINT` and one
// `node ID ENDPOINT` line per node, then `ready`, and keeps it until its standard input closes (or SIGTERM/SIGINT):
// then it tears the swarm down, leaving nothing behind. For the swarm benchmark (bench/swarm.py); needs root.
import Foundation
import GitspacesTestSupport

#if canImport(Glibc)
    import Glibc
#endif

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.first == "up", arguments.count >= 2, let count = Int(arguments[1]), count >= 1 else {
    FileHandle.standardError.write(Data("usage: gitspaces-testswarm up NODES [IMAGE…]\n".utf8))
    exit(2)
}
let cluster: SwarmCluster
do {
    cluster = try await SwarmCluster.setUp(nodeCount: count, images: Array(arguments.dropFirst(2)))
} catch {
    FileHandle.standardError.write(Data("gitspaces-testswarm: \(error)\n".utf8))
    exit(1)
}
TestSwarmExit.runID = cluster.runID
for signal in [SIGTERM, SIGINT] {
    Glibc.signal(signal) { _ in
        SwarmCluster.tearDown(runID: TestSwarmExit.runID)
        exit(0)
    }
}
var lines = ["manager \(cluster.managerEndpoint)"]
lines += cluster.nodes.map { "node \($0.nodeID) \($0.endpoint)" }
FileHandle.standardOutput.write(Data(((lines + ["ready"]).joined(separator: "\n") + "\n").utf8))
while readLine() != nil {}
await cluster.tearDown()

/// The cluster a signal handler tears down.
enum TestSwarmExit {
    nonisolated(unsafe) static var runID = ""
}
