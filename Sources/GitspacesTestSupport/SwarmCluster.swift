import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A real Docker Swarm on this machine: one `dockerd` per network namespace, their veth pairs on a bridge of their
/// own (a private /24), a `DOCKER-USER` accept rule for that bridge, `swarm init` on the first node and joins.
///
/// Each node's label `dev.gitspaces.engine` is set to its unix socket (reachable from the host namespace through
/// the filesystem). Never a second `dockerd` on the host's own network: it would rewrite `docker0`.
///
/// Every name carries the run id (`gsw<run>…`), so two runs never collide, and `setUp` first removes what a
/// crashed run left behind. `tearDown()` leaves no namespace, link, rule, process, mount or folder.
///
/// ```swift
/// let cluster = try await SwarmCluster.shared()   // one cluster per test process, torn down at exit
/// let worker = cluster.nodes[1]
/// ```
package final class SwarmCluster: Sendable {
    /// The label each node carries with the endpoint of its own engine.
    package static let engineLabel = "dev.gitspaces.engine"
    /// Prefix of every folder, namespace, link and rule name a cluster makes.
    static let prefix = "gsw"

    /// The five characters naming this cluster's objects.
    package let runID: String
    /// The folder holding the nodes' data, exec roots, sockets and logs.
    package let directory: String
    /// The host-side bridge the nodes are attached to.
    package let bridge: String
    /// The nodes, the manager first.
    package let nodes: [SwarmNode]

    /// The manager's engine endpoint, what `--docker-host` is given.
    package var managerEndpoint: String { nodes[0].endpoint }

    private init(runID: String, directory: String, bridge: String, nodes: [SwarmNode]) {
        self.runID = runID
        self.directory = directory
        self.bridge = bridge
        self.nodes = nodes
    }

    /// The cluster every swarm test of this process shares: set up on first use with `images` loaded on every node,
    /// torn down when the process exits. A failed set-up is tried again by the next caller.
    package static func shared(nodeCount: Int = 2, images: [String]) async throws -> SwarmCluster {
        try await SharedSwarm.instance.cluster(nodeCount: nodeCount, images: images)
    }

    /// Builds a new cluster of `nodeCount` nodes (the first one the manager, the others workers).
    ///
    /// - Throws: `SwarmClusterUnavailable` when this host cannot make one (not root, no `ip netns`, no `nsenter`).
    package static func setUp(nodeCount: Int, images: [String] = []) async throws -> SwarmCluster {
        try await onOwnThread {
            try requireHost()
            removeLeftovers()
            let runID = String(UUID().uuidString.lowercased().filter(\.isHexDigit).prefix(5))
            let directory = "/tmp/\(prefix)-\(runID)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
            try "\(getpid())\n".write(toFile: "\(directory)/owner", atomically: true, encoding: .utf8)
            let subnet = try freeSubnet()
            let bridge = "\(prefix)\(runID)b"
            var nodes: [SwarmNode] = []
            do {
                try run("ip", ["link", "add", bridge, "type", "bridge"])
                try run("ip", ["addr", "add", "\(subnet).1/24", "dev", bridge])
                try run("ip", ["link", "set", bridge, "up"])
                for direction in ["-i", "-o"] {
                    try run("iptables", ["-I", "DOCKER-USER", direction, bridge, "-j", "ACCEPT"])
                }
                for index in 1...nodeCount {
                    let node = SwarmNode(
                        index: index, runID: runID, directory: "\(directory)/n\(index)",
                        address: "\(subnet).\(10 + index)")
                    try node.attach(to: bridge)
                    try node.startEngine()
                    nodes.append(node)
                }
                for node in nodes { try node.waitForEngine() }
                let cluster = SwarmCluster(runID: runID, directory: directory, bridge: bridge, nodes: nodes)
                try cluster.formSwarm()
                for image in images { try cluster.load(image: image) }
                return cluster
            } catch {
                tearDown(runID: runID)
                throw error
            }
        }
    }

    /// Stops the engines and removes every namespace, link, rule, mount and folder of this cluster.
    package func tearDown() async {
        let runID = runID
        _ = try? await onOwnThread { SwarmCluster.tearDown(runID: runID) }
    }

    /// Copies `image` from the host's engine onto every node (`docker save | docker load`).
    package func load(image: String) throws {
        for node in nodes {
            try run("sh", ["-c", "docker save \"$1\" | docker -H \"$2\" load -q", "load", image, node.endpoint])
        }
    }

    /// `docker -H <manager> ARGS…`, checked.
    @discardableResult
    package func manager(_ args: [String]) throws -> String {
        try nodes[0].docker(args)
    }

    private func formSwarm() throws {
        let manager = nodes[0]
        try manager.docker([
            "swarm", "init", "--advertise-addr", manager.address, "--listen-addr", "\(manager.address):2377",
            // Quick heartbeats so a killed node reads down within seconds.
            "--dispatcher-heartbeat", "2s",
        ])
        let token = try manager.docker(["swarm", "join-token", "-q", "worker"])
        for worker in nodes.dropFirst() {
            try worker.docker([
                "swarm", "join", "--token", token, "--advertise-addr", worker.address,
                "\(manager.address):2377",
            ])
        }
        for node in nodes {
            let id = try node.docker(["info", "--format", "{{.Swarm.NodeID}}"])
            node.setNodeID(id)
            try manager.docker(["node", "update", "--label-add", "\(Self.engineLabel)=\(node.endpoint)", id])
        }
        try waitUntil("every node of the swarm is ready") {
            let states = try manager.docker(["node", "ls", "--format", "{{.Status}}"]).split(separator: "\n")
            return states.count == nodes.count && states.allSatisfy { $0 == "Ready" }
        }
    }

    // MARK: Host checks, leftovers and teardown

    /// Throws unless this process can make namespaces, links and iptables rules.
    static func requireHost() throws {
        guard getuid() == 0 else {
            throw SwarmClusterUnavailable(reason: "the swarm tests need root (network namespaces, links, iptables)")
        }
        for tool in ["ip", "nsenter", "iptables", "dockerd", "docker"] {
            guard (try? resolveExecutable(tool)) != nil else {
                throw SwarmClusterUnavailable(
                    reason: "\(tool) is missing: install iproute2, util-linux, iptables and docker.io")
            }
        }
        guard (try? run("ip", ["netns", "list"])) != nil else {
            throw SwarmClusterUnavailable(reason: "`ip netns` does not work on this host")
        }
        guard (try? run("iptables", ["-S", "DOCKER-USER"])) != nil else {
            throw SwarmClusterUnavailable(
                reason: "there is no DOCKER-USER chain: the host's dockerd must be running with its iptables rules")
        }
    }

    /// Tears down the clusters of processes that are gone, then any namespace, link or rule named like a cluster's
    /// whose folder is gone.
    static func removeLeftovers() {
        let folders = (try? FileManager.default.contentsOfDirectory(atPath: "/tmp")) ?? []
        var live: Set<String> = []
        for folder in folders where folder.hasPrefix("\(prefix)-") {
            let runID = String(folder.dropFirst(prefix.count + 1))
            let owner = (try? String(contentsOfFile: "/tmp/\(folder)/owner", encoding: .utf8))
                .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            // This process's own clusters and those of running processes stay; the rest are leftovers.
            if let owner, owner == getpid() || kill(owner, 0) == 0 {
                live.insert(runID)
            } else {
                tearDown(runID: runID)
            }
        }
        let orphanNames = Set(
            namespaces().map { String($0.dropFirst(prefix.count).prefix(5)) }
                + links().map { String($0.dropFirst(prefix.count).prefix(5)) }
                + acceptRules().map { String($0.bridge.dropFirst(prefix.count).prefix(5)) })
        for runID in orphanNames.subtracting(live) {
            tearDown(runID: runID)
        }
    }

    /// Everything of cluster `runID`, in order: engines (SIGTERM, then SIGKILL), any process still naming its folder,
    /// mounts under its folder, namespaces, links, rules and the folder.
    package static func tearDown(runID: String) {
        let directory = "/tmp/\(prefix)-\(runID)"
        let pidFiles = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .map { "\(directory)/\($0)/pid" }
        let engines = pidFiles.compactMap { file in
            (try? String(contentsOfFile: file, encoding: .utf8)).flatMap {
                Int32($0.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
        for pid in engines { kill(pid, SIGTERM) }
        let deadline = Date().addingTimeInterval(20)
        while engines.contains(where: { isAlive($0) }) && Date() < deadline {
            usleep(100_000)
        }
        for pid in processes(naming: directory) { kill(pid, SIGKILL) }
        usleep(200_000)
        unmountAll(under: directory)
        for namespace in namespaces() where namespace.hasPrefix("\(prefix)\(runID)") {
            _ = try? run("ip", ["netns", "delete", namespace])
        }
        for link in links() where link.hasPrefix("\(prefix)\(runID)") {
            _ = try? run("ip", ["link", "delete", link])
        }
        for rule in acceptRules() where rule.bridge == "\(prefix)\(runID)b" {
            _ = try? run("iptables", ["-D", "DOCKER-USER", rule.direction, rule.bridge, "-j", "ACCEPT"])
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The network namespaces named like a cluster's.
    package static func namespaces() -> [String] {
        let listed = (try? run("ip", ["netns", "list"]).stdout) ?? ""
        return listed.split(separator: "\n").compactMap { line in
            line.split(separator: " ").first.map(String.init)
        }.filter { $0.hasPrefix(prefix) }
    }

    /// The host's links named like a cluster's (bridges and host ends of veth pairs).
    package static func links() -> [String] {
        let listed = (try? run("ip", ["-o", "link", "show"]).stdout) ?? ""
        return listed.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count > 1 else { return nil }
            let name = fields[1].split(separator: "@").first.map(String.init) ?? ""
            return name.hasSuffix(":") ? String(name.dropLast()) : name
        }.filter { $0.hasPrefix(prefix) }
    }

    /// The `DOCKER-USER` accept rules for a cluster's bridge.
    package static func acceptRules() -> [(direction: String, bridge: String)] {
        let listed = (try? run("iptables", ["-S", "DOCKER-USER"]).stdout) ?? ""
        return listed.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count >= 6, fields[0] == "-A", fields[2] == "-i" || fields[2] == "-o",
                fields[3].hasPrefix(prefix)
            else { return nil }
            return (fields[2], fields[3])
        }
    }

    /// Processes whose command line names `path` (engines, containerd and its shims of one cluster).
    package static func processes(naming path: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard pid != getpid(), let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else {
                return false
            }
            return String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self).contains(path)
        }
    }

    /// Mount points at or under `path`.
    package static func mounts(under path: String) -> [String] {
        let mountInfo = (try? run("cat", ["/proc/self/mountinfo"]).stdout) ?? ""
        return mountInfo.split(separator: "\n").compactMap { line -> String? in
            let fields = line.split(separator: " ")
            guard fields.count > 4 else { return nil }
            let point = fields[4].replacingOccurrences(of: "\\040", with: " ")
            return point == path || point.hasPrefix(path + "/") ? point : nil
        }
    }

    private static func unmountAll(under path: String) {
        for point in mounts(under: path).sorted(by: { $0.count > $1.count }) {
            _ = try? run("umount", ["-l", point])
        }
    }

    private static func isAlive(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0
            && !((try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?.contains(") Z ") ?? true)
    }

    /// `10.213.X` for an X no address of the host uses.
    private static func freeSubnet() throws -> String {
        let used = (try? run("ip", ["-o", "-4", "addr", "show"]).stdout) ?? ""
        for _ in 0..<64 {
            let candidate = "10.213.\(Int.random(in: 1...254))"
            if !used.contains("\(candidate).") { return candidate }
        }
        throw SwarmClusterUnavailable(reason: "no free 10.213.X.0/24 subnet for the cluster's bridge")
    }
}

/// Polls `condition` every 200 ms for up to `seconds`.
func waitUntil(_ what: String, seconds: Double = 60, _ condition: () throws -> Bool) throws {
    let deadline = Date().addingTimeInterval(seconds)
    var lastError: (any Error)?
    while Date() < deadline {
        do {
            if try condition() { return }
        } catch {
            lastError = error
        }
        usleep(200_000)
    }
    throw SwarmClusterUnavailable(
        reason: "timed out after \(Int(seconds)) s waiting until \(what)\(lastError.map { ": \($0)" } ?? "")")
}

/// Why no test cluster could be made (or a step of making it timed out).
package struct SwarmClusterUnavailable: Error, CustomStringConvertible {
    package var reason: String

    package var description: String {
        "cannot build the test swarm: \(reason)"
    }
}

/// The one cluster of this test process.
private actor SharedSwarm {
    static let instance = SharedSwarm()
    private var setUp: Task<SwarmCluster, any Error>?

    func cluster(nodeCount: Int, images: [String]) async throws -> SwarmCluster {
        if let setUp { return try await setUp.value }
        let task = Task { try await SwarmCluster.setUp(nodeCount: nodeCount, images: images) }
        setUp = task
        do {
            let cluster = try await task.value
            SharedSwarmExit.register(cluster.runID)
            return cluster
        } catch {
            setUp = nil
            throw error
        }
    }
}

/// Tears the shared cluster down when the process exits.
private enum SharedSwarmExit {
    nonisolated(unsafe) static var runID: String?
    static let lock = NSLock()

    static func register(_ id: String) {
        lock.withLock {
            guard runID == nil else { return }
            runID = id
            atexit {
                SharedSwarmExit.lock.withLock {
                    if let id = SharedSwarmExit.runID { SwarmCluster.tearDown(runID: id) }
                }
            }
        }
    }
}
