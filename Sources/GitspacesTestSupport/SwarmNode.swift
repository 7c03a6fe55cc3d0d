import Foundation

/// One node of a `SwarmCluster`: a network namespace with a veth pair onto the cluster's bridge, and a `dockerd`
/// started in it with `nsenter --net` (not `ip netns exec`, which would hide the cgroup mounts) on its own data root,
/// exec root, pid file and unix socket.
package final class SwarmNode: Sendable {
    /// 1 for the manager, 2… for the workers.
    package let index: Int
    /// The node's address on the cluster bridge, which the swarm advertises.
    package let address: String
    /// The folder of this node's engine.
    package let directory: String
    /// The network namespace (`/run/netns/NAME`).
    package let namespace: String
    private let hostLink: String
    private let nodeLink: String
    private let state = NSLock()
    private nonisolated(unsafe) var engine: BackgroundProcess?
    private nonisolated(unsafe) var swarmNodeID = ""

    init(index: Int, runID: String, directory: String, address: String) {
        self.index = index
        self.address = address
        self.directory = directory
        namespace = "\(SwarmCluster.prefix)\(runID)n\(index)"
        hostLink = "\(SwarmCluster.prefix)\(runID)h\(index)"
        nodeLink = "\(SwarmCluster.prefix)\(runID)c\(index)"
    }

    /// The node's engine socket.
    package var socketPath: String { "\(directory)/docker.sock" }
    /// `unix://` + the socket, the value of the node's `dev.gitspaces.engine` label.
    package var endpoint: String { "unix://\(socketPath)" }
    /// The swarm's id for this node (`node.id==…` constraints use it).
    package var nodeID: String { state.withLock { swarmNodeID } }
    /// Whether this node's engine process is running.
    package var isRunning: Bool { state.withLock { engine?.isRunning ?? false } }

    func setNodeID(_ id: String) {
        state.withLock { swarmNodeID = id }
    }

    /// `docker -H <this node> ARGS…`, checked; the trimmed standard output.
    @discardableResult
    package func docker(_ args: [String]) throws -> String {
        try run("docker", ["-H", endpoint] + args).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func attach(to bridge: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // Registries on the cluster's bridges are plain HTTP (`SwarmRegistry`).
        try "{\"insecure-registries\": [\"10.213.0.0/16\"]}\n".write(
            toFile: "\(directory)/daemon.json", atomically: true, encoding: .utf8)
        try run("ip", ["netns", "add", namespace])
        try run("ip", ["link", "add", hostLink, "type", "veth", "peer", "name", nodeLink])
        try run("ip", ["link", "set", nodeLink, "netns", namespace])
        try run("ip", ["link", "set", hostLink, "master", bridge, "up"])
        let inside = ["--net=/run/netns/\(namespace)", "ip"]
        try run("nsenter", inside + ["addr", "add", "\(address)/24", "dev", nodeLink])
        try run("nsenter", inside + ["link", "set", nodeLink, "up"])
        try run("nsenter", inside + ["link", "set", "lo", "up"])
    }

    /// Starts the node's engine (again, after `stopEngine()`: it rejoins the swarm from its data root).
    ///
    /// `DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1`: a task's image is loaded on the node, and without it the node would
    /// first try to pull it from Docker Hub (tens of seconds of DNS timeouts on a machine without internet).
    /// `extraArguments` go to `dockerd` (another listener, such as `-H tcp://ADDRESS:2376 --tlsverify …`).
    package func startEngine(extraArguments: [String] = []) throws {
        let words =
            [
                "exec", "nsenter", "--net=/run/netns/\(namespace)",
                "env", "DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1",
                "dockerd", "--config-file", "\(directory)/daemon.json",
                "--data-root", "\(directory)/data", "--exec-root", "\(directory)/exec",
                "--pidfile", "\(directory)/pid", "-H", endpoint,
            ] + extraArguments + [">>\(directory)/dockerd.log", "2>&1"]
        let command = words.joined(separator: " ")
        let process = try BackgroundProcess("sh", ["-c", command])
        state.withLock { engine = process }
    }

    /// Waits until the engine answers on its socket.
    package func waitForEngine(seconds: Double = 60) throws {
        try waitUntil("the engine of node \(index) answers on \(socketPath)", seconds: seconds) {
            guard isRunning else {
                let log = (try? String(contentsOfFile: "\(directory)/dockerd.log", encoding: .utf8)) ?? ""
                throw SwarmClusterUnavailable(
                    reason: "dockerd of node \(index) exited: \(log.suffix(2000))")
            }
            return (try? run("docker", ["-H", endpoint, "version", "--format", "{{.Server.Version}}"])) != nil
        }
    }

    /// Stops the node's engine (SIGTERM, waiting for it): the manager then sees the node down.
    package func stopEngine() {
        let process = state.withLock { engine }
        process?.terminate()
    }
}
