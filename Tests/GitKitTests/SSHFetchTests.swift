import Foundation
import GitKit
import GitspacesTestSupport
import Testing

/// Mirroring over `ssh://` against a loopback sshd.
///
/// libgit2 1.5.1 checks the host key against `$HOME/.ssh/known_hosts`, with the `HOME` it saw when it was
/// initialised (once per process), and GitKit sets no certificate check of its own. The tests cannot make a
/// server on a random port known without editing the real user's known_hosts, so they cover what happens
/// before and at the host key check; a successful key login is left to the manual check in the report.
@Suite struct SSHFetchTests {
    @Test func anUnknownHostKeyIsACertificateError() throws {
        let upstream = try SSHUpstream()

        let error = #expect(throws: GitError.self) {
            try Mirror.sync(
                url: upstream.url, at: upstream.mirrorPath,
                credentials: .sshKey(
                    privateKey: upstream.server.privateKeyFile, publicKey: upstream.server.publicKeyFile))
        }

        #expect(error?.code == .certificate, "\(String(describing: error))\n\(upstream.server.log())")
        #expect(error?.message.contains(upstream.url) == true, "\(String(describing: error))")
        #expect(!FileManager.default.fileExists(atPath: upstream.mirrorPath + "/refs/heads/main"))
    }

    @Test func aMissingPrivateKeyIsAnAuthErrorNamingIt() throws {
        let upstream = try SSHUpstream()
        let missing = upstream.directory.appending("no-such-key")

        let error = #expect(throws: GitError.self) {
            try Mirror.sync(url: upstream.url, at: upstream.mirrorPath, credentials: .sshKey(privateKey: missing))
        }

        #expect(error?.code == .auth, "\(String(describing: error))")
        #expect(error?.message.contains(missing) == true, "\(String(describing: error))")
        #expect(!upstream.server.log().contains("publickey"), "\(upstream.server.log())")
    }
}

/// Logging in with a key, which needs the loopback server in `$HOME/.ssh/known_hosts`.
///
/// Opt-in: these tests append to that file, so they run only when `GITSPACES_TEST_THROWAWAY_HOME=1` says `HOME`
/// is a throwaway folder, for example
/// `HOME=$(mktemp -d) GITSPACES_TEST_THROWAWAY_HOME=1 swift test --filter SSHKeyLoginTests`.
/// (`HOME` must be set when the process starts: libgit2 reads it once, when it is initialised.)
@Suite(.enabled(if: ProcessInfo.processInfo.environment["GITSPACES_TEST_THROWAWAY_HOME"] == "1"))
struct SSHKeyLoginTests {
    @Test func mirrorsEveryBranchWithTheRightKey() throws {
        let upstream = try SSHUpstream()
        try upstream.makeServerKnown()

        let (mirror, result) = try Mirror.sync(
            url: upstream.url, at: upstream.mirrorPath,
            credentials: .sshKey(privateKey: upstream.server.privateKeyFile, publicKey: upstream.server.publicKeyFile))

        #expect(
            try mirror.branches().mapValues(\.hex) == [
                "main": upstream.sample.second, "feature": upstream.sample.feature,
            ])
        #expect(try mirror.resolveCommit("v2").hex == upstream.sample.second)
        #expect(result.defaultBranch == "main")
        #expect(result.receivedObjects > 0)
    }

    @Test
    func aKeyTheServerDoesNotKnowIsAnAuthError() throws {
        let upstream = try SSHUpstream()
        try upstream.makeServerKnown()
        let otherKey = upstream.directory.appending("other_ed25519")
        try run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", otherKey])

        let error = #expect(throws: GitError.self) {
            try Mirror.sync(
                url: upstream.url, at: upstream.mirrorPath,
                credentials: .sshKey(privateKey: otherKey, publicKey: otherKey + ".pub"))
        }

        #expect(error?.code == .auth, "\(String(describing: error))\n\(upstream.server.log())")
        #expect(error?.message.contains(otherKey) == true, "\(String(describing: error))")
    }
}

/// The sample repository reachable over ssh:// with a generated key, and a place for mirrors.
final class SSHUpstream {
    let directory: TemporaryDirectory
    let sample: SampleRepository
    let server: SSHServer

    init() throws {
        let directory = try TemporaryDirectory()
        do {
            sample = try SampleRepository(at: directory.appending("served/upstream"))
            server = try SSHServer()
        } catch {
            directory.remove()
            throw error
        }
        self.directory = directory
    }

    var url: String { server.url(forPath: sample.fixture.path) }

    /// Appends the server's host key to `$HOME/.ssh/known_hosts` (only for a throwaway `HOME`).
    func makeServerKnown() throws {
        let home = try #require(ProcessInfo.processInfo.environment["HOME"])
        try FileManager.default.createDirectory(atPath: home + "/.ssh", withIntermediateDirectories: true)
        // O_APPEND: tests of this suite run at once, and a seek to the end then a write let one test's line
        // overwrite another's (whose fetch then met an unknown host key).
        let descriptor = open(home + "/.ssh/known_hosts", O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        try #require(descriptor >= 0, "cannot open ~/.ssh/known_hosts: errno \(errno)")
        defer { close(descriptor) }
        let line = Array((server.knownHostsLine + "\n").utf8)
        let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        try #require(written == line.count, "known_hosts written partly: \(written) of \(line.count) bytes")
    }
    var mirrorPath: String { directory.appending("mirrors/upstream.git") }

    deinit {
        server.stop()
        directory.remove()
    }
}
