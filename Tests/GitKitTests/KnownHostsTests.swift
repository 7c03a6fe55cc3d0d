import Foundation
import GitspacesTestSupport
import Testing

@testable import GitKit

/// A known_hosts file next to an SSH key (`Credentials.sshKey(knownHosts:)`) vouches for servers that
/// `~/.ssh/known_hosts` does not list, and refuses a listed server that shows another key.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["GITSPACES_TEST_THROWAWAY_HOME"] == "1"))
struct KnownHostsFileTests {
    func credentials(_ upstream: SSHUpstream, knownHosts lines: [String]) throws -> Credentials {
        let file = upstream.directory.appending("known_hosts")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: file))
        return .sshKey(
            privateKey: upstream.server.privateKeyFile, publicKey: upstream.server.publicKeyFile, knownHosts: file)
    }

    @Test func aKnownHostsFileVouchesForAServerHomeDoesNotKnow() throws {
        let upstream = try SSHUpstream()
        let credentials = try credentials(upstream, knownHosts: ["# ours", upstream.server.knownHostsLine])
        let (mirror, _) = try Mirror.sync(url: upstream.url, at: upstream.mirrorPath, credentials: credentials)
        #expect(try mirror.branches()["main"]?.hex == upstream.sample.second)
    }

    @Test func aServerShowingAnotherKeyThanListedIsRefused() throws {
        let upstream = try SSHUpstream()
        try upstream.makeServerKnown()  // even though ~/.ssh/known_hosts would accept it
        let other = upstream.directory.appending("other_host")
        try run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", other])
        let otherKey = try String(contentsOfFile: other + ".pub", encoding: .utf8).split(separator: " ").prefix(2)
            .joined(separator: " ")
        let credentials = try credentials(upstream, knownHosts: ["[127.0.0.1]:\(upstream.server.port) \(otherKey)"])
        let error = #expect(throws: GitError.self) {
            try Mirror.sync(url: upstream.url, at: upstream.mirrorPath, credentials: credentials)
        }
        #expect(error?.code == .certificate, "\(String(describing: error))")
        #expect(error?.message.contains("is not the one") == true, "\(String(describing: error))")
    }

    @Test func aServerTheFileDoesNotListIsLeftToHomesKnownHosts() throws {
        let upstream = try SSHUpstream()
        try upstream.makeServerKnown()
        let credentials = try credentials(
            upstream,
            knownHosts: [
                "git.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"
            ])
        let (mirror, _) = try Mirror.sync(url: upstream.url, at: upstream.mirrorPath, credentials: credentials)
        #expect(try mirror.branches()["main"]?.hex == upstream.sample.second)
    }
}

/// The parts of known_hosts matching that need no server.
@Suite struct KnownHostsMatchingTests {
    @Test func hostPatternsPortsAndNegation() throws {
        let base64 = "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"
        let key = Array(try #require(Data(base64Encoded: base64)))
        let text = """
            # comment
            |1|hashed|entry ssh-ed25519 \(base64)
            *.example.com,!bad.example.com ssh-ed25519 \(base64)
            [git.local]:2222 ssh-ed25519 \(base64)
            @revoked revoked.example.com ssh-ed25519 \(base64)
            """
        let hosts = KnownHosts(text: text)
        #expect(hosts.entries.count == 3)
        #expect(hosts.verdict(host: "git.example.com", port: 22, key: key) == .trusted)
        #expect(hosts.verdict(host: "GIT.Example.com", port: 22, key: key) == .trusted)
        #expect(hosts.verdict(host: "bad.example.com", port: 22, key: key) == .unknown)
        #expect(hosts.verdict(host: "git.local", port: 2222, key: key) == .trusted)
        #expect(hosts.verdict(host: "git.local", port: 22, key: key) == .unknown)
        #expect(hosts.verdict(host: "git.example.com", port: 22, key: [1, 2, 3]) == .mismatch)
        #expect(hosts.verdict(host: "revoked.example.com", port: 22, key: key) == .mismatch)
    }

    @Test func sshPortsOfRemoteURLs() {
        #expect(KnownHosts.port(inURL: "ssh://git@host:2222/x.git") == 2222)
        #expect(KnownHosts.port(inURL: "ssh://host/x.git") == 22)
        #expect(KnownHosts.port(inURL: "ssh://git@[::1]:2200/x.git") == 2200)
        #expect(KnownHosts.port(inURL: "git@host:acme/x.git") == 22)
    }
}
