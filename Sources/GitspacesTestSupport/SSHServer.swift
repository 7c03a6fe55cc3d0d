import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// OpenSSH's `sshd` on `127.0.0.1:PORT` with a fresh ed25519 host key, accepting only a freshly generated
/// ed25519 client key (`privateKeyFile`/`publicKeyFile`) for the current user, so `git-upload-pack` can be
/// reached at `ssh://USER@127.0.0.1:PORT/ABSOLUTE/PATH`.
///
/// No passwords, no PAM, no forced command. Stopped by `stop()` or when released. Needs `/usr/sbin/sshd`
/// (Debian: openssh-server) and `ssh-keygen` (openssh-client); `sshd` must be started as root or as the user
/// it serves.
package final class SSHServer: @unchecked Sendable {
    /// The port sshd listens on.
    package let port: Int
    /// The user the client key logs in as (the user running the tests).
    package let user: String
    /// The client's private key (no passphrase).
    package let privateKeyFile: String
    /// The client's public key.
    package let publicKeyFile: String
    /// The server's public host key line (`ssh-ed25519 AAAA…`), for a known_hosts file.
    package let hostPublicKey: String
    private let process: Process
    private let directory: TemporaryDirectory
    private let pidFile: String

    /// Generates the keys, starts sshd and waits until it accepts connections.
    package init() throws {
        let sshd = "/usr/sbin/sshd"
        guard FileManager.default.isExecutableFile(atPath: sshd) else {
            throw ProcessFailure(
                command: [sshd], status: 127, terminatedBySignal: false, stdout: "",
                stderr: "\(sshd) is missing: install OpenSSH's server (Debian: openssh-server)")
        }
        let directory = try TemporaryDirectory()
        do {
            let hostKey = directory.appending("host_ed25519")
            let clientKey = directory.appending("client_ed25519")
            for key in [hostKey, clientKey] {
                try run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "gitspaces-test", "-f", key])
            }
            let authorizedKeys = directory.appending("authorized_keys")
            try FileManager.default.copyItem(atPath: clientKey + ".pub", toPath: authorizedKeys)
            let config = directory.appending("sshd_config")
            let pidFile = directory.appending("sshd.pid")
            try Data(
                """
                ListenAddress 127.0.0.1
                HostKey \(hostKey)
                PidFile \(pidFile)
                AuthorizedKeysFile \(authorizedKeys)
                PermitRootLogin prohibit-password
                PubkeyAuthentication yes
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                UsePAM no
                StrictModes no
                AllowTcpForwarding no
                X11Forwarding no
                PrintMotd no
                LogLevel VERBOSE

                """.utf8
            ).write(to: URL(fileURLWithPath: config))
            // sshd insists on its privilege separation directory, which only the service normally creates.
            try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
            let user = try run("id", ["-un"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let (process, port) = try startLoopbackServer("sshd", logsIn: directory.path) { port in
                // sshd closes every inherited descriptor, including the one Foundation's Process watches to
                // learn that a child ended: Foundation then blocks in waitpid() on sshd and no other
                // Process in this test process is ever reaped (every later `run` hangs). A shell that keeps
                // the descriptor and waits for sshd avoids that.
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/bin/sh")
                process.arguments = [
                    "-c", "\"$@\" & wait $!", "sshd", sshd, "-D", "-e", "-f", config, "-p", String(port),
                ]
                return process
            }
            self.port = port
            self.user = user
            self.privateKeyFile = clientKey
            self.publicKeyFile = clientKey + ".pub"
            self.hostPublicKey = try String(contentsOfFile: hostKey + ".pub", encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            self.process = process
            self.directory = directory
            self.pidFile = pidFile
        } catch {
            directory.remove()
            throw error
        }
    }

    deinit {
        stop()
        directory.remove()
    }

    /// `ssh://USER@127.0.0.1:PORT/ABSOLUTE-PATH`.
    package func url(forPath absolutePath: String) -> String {
        "ssh://\(user)@127.0.0.1:\(port)\(absolutePath)"
    }

    /// A line for a known_hosts file that makes this server known.
    package var knownHostsLine: String {
        "[127.0.0.1]:\(port) \(hostPublicKey)"
    }

    /// What sshd logged so far (all attempts to start it included), for diagnosing a failed login.
    package func log() -> String {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasPrefix("sshd-") }.sorted().compactMap {
            try? String(contentsOfFile: directory.appending($0), encoding: .utf8)
        }.joined()
    }

    /// Stops sshd and waits for it to exit; calling it again does nothing.
    package func stop() {
        if let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
            let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
        {
            kill(pid, SIGKILL)
            try? FileManager.default.removeItem(atPath: pidFile)
        }
        stopServer(process)
    }
}
