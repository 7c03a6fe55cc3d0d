import Foundation

/// A `docker-registry` (Debian's distribution 2.x) listening on the host's address on a `SwarmCluster`'s bridge, so
/// every node's engine reaches it from its namespace (the nodes treat `10.213.0.0/16` as insecure registries: plain
/// HTTP). Stopped and its folder removed by `stop()`.
package final class SwarmRegistry: @unchecked Sendable {
    /// `ADDRESS:PORT`, the prefix of image references in it.
    package let address: String
    private let process: Process
    private let directory: TemporaryDirectory

    /// Starts the registry on the cluster's bridge and waits until it answers.
    package init(cluster: SwarmCluster) throws {
        let host = cluster.nodes[0].address.split(separator: ".").dropLast().joined(separator: ".") + ".1"
        let port = try freeLoopbackPort()
        directory = try TemporaryDirectory()
        address = "\(host):\(port)"
        let config = directory.appending("config.yml")
        let yaml = """
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: \(directory.appending("data"))
            http:
              addr: \(address)
              secret: gitspaces-test-\(port)

            """
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: config))
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/docker-registry")
        process.arguments = ["serve", config]
        process.standardInput = FileHandle.nullDevice
        let log = directory.appending("registry.log")
        FileManager.default.createFile(atPath: log, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: log)
        process.standardError = FileHandle(forWritingAtPath: log)
        try process.run()
        let address = address
        do {
            try waitUntil("the registry answers at \(address)", seconds: 20) {
                (try? run("curl", ["-sf", "-o", "/dev/null", "http://\(address)/v2/"])) != nil
            }
        } catch {
            stop()
            throw error
        }
    }

    /// The repositories it holds (`GET /v2/_catalog`).
    package func repositories() throws -> String {
        try run("curl", ["-sf", "http://\(address)/v2/_catalog"]).stdout
    }

    package func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        directory.remove()
    }
}
