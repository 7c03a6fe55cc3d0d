import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A private image registry (`docker-registry`, Debian's package of distribution 2.x) on `127.0.0.1:PORT`, storing
/// in a temporary folder; the engine treats loopback registries as insecure-allowed, so plain HTTP works.
///
/// Stopped and its folder removed by `stop()` or when released.
package final class DockerRegistry {
    /// `127.0.0.1:PORT`, the prefix of image references in this registry.
    package let address: String
    /// The port it listens on.
    package let port: Int
    /// The folder the registry stores repositories and blobs in (`docker/registry/v2/…`), for tests that damage it.
    package var storagePath: String { directory.appending("data") }
    private let process: Process
    private let directory: TemporaryDirectory

    /// Starts the registry and waits until it accepts connections.
    ///
    /// When `/usr/bin/docker-registry` is missing and this runs as root, installs the Debian package first.
    /// - Throws: `ProcessFailure` saying what to install when the registry cannot be had.
    package init() throws {
        let executable = try Self.registryExecutable()
        let directory = try TemporaryDirectory()
        do {
            let (process, port) = try startLoopbackServer("docker-registry", logsIn: directory.path) { port in
                let config = directory.appending("config-\(port).yml")
                let yaml = """
                    version: 0.1
                    log:
                      level: warn
                    storage:
                      filesystem:
                        rootdirectory: \(directory.appending("data"))
                      delete:
                        enabled: true
                    http:
                      addr: 127.0.0.1:\(port)
                      secret: gitspaces-test-\(port)

                    """
                try Data(yaml.utf8).write(to: URL(fileURLWithPath: config))
                let process = Process()
                process.executableURL = URL(fileURLWithPath: executable)
                process.arguments = ["serve", config]
                return process
            }
            self.port = port
            self.address = "127.0.0.1:\(port)"
            self.process = process
            self.directory = directory
        } catch {
            directory.remove()
            throw error
        }
    }

    deinit {
        stop()
    }

    /// Stops the registry, waits for it to exit and removes its storage; calling it again does nothing.
    package func stop() {
        stopServer(process)
        directory.remove()
    }

    private static let executablePath = "/usr/bin/docker-registry"

    private static func registryExecutable() throws -> String {
        if FileManager.default.isExecutableFile(atPath: executablePath) { return executablePath }
        var detail = "not installed, and not running as root to install it"
        if getuid() == 0 {
            let installed = try run(
                "apt-get", ["install", "-y", "-qq", "--no-install-recommends", "docker-registry"],
                env: ["DEBIAN_FRONTEND": "noninteractive"], check: false)
            if FileManager.default.isExecutableFile(atPath: executablePath) { return executablePath }
            detail = "apt-get install failed: \(installed.stderr.isEmpty ? installed.stdout : installed.stderr)"
        }
        throw ProcessFailure(
            command: [executablePath], status: 127, terminatedBySignal: false, stdout: "",
            stderr:
                "\(executablePath) is missing (\(detail)): install the Debian package with `sudo apt-get install -y docker-registry`"
        )
    }

}
