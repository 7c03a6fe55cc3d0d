import Foundation
import GitKit
import GitspacesTestSupport
import Testing

@Suite struct CredentialsTests {
    @Test func aMissingTokenFileIsAnAuthErrorNamingTheFile() throws {
        let upstream = try Upstream(.fileURL)
        let tokenFile = upstream.directory.appending("secrets/missing-token")

        let error = #expect(throws: GitError.self) {
            try Mirror.sync(url: upstream.url, at: upstream.mirrorPath, credentials: .token(file: tokenFile))
        }

        #expect(error?.code == .auth)
        #expect(error?.message.contains("'\(tokenFile)'") == true)
        #expect(error?.message.contains("does not exist") == true)
    }

    @Test func anEmptyTokenFileIsAnAuthError() throws {
        let upstream = try Upstream(.fileURL)
        let tokenFile = upstream.directory.appending("token")
        try Data(" \n".utf8).write(to: URL(fileURLWithPath: tokenFile))

        let error = #expect(throws: GitError.self) {
            try Mirror.sync(url: upstream.url, at: upstream.mirrorPath, credentials: .token(file: tokenFile))
        }

        #expect(error?.code == .auth)
        #expect(error?.message.contains("'\(tokenFile)' is empty") == true)
    }

    @Test func aMissingSSHKeyOrPassphraseFileIsAnAuthErrorNamingTheFile() throws {
        let upstream = try Upstream(.fileURL)
        let key = upstream.directory.appending("id_ed25519")
        try Data("not really a key\n".utf8).write(to: URL(fileURLWithPath: key))
        let missing = upstream.directory.appending("missing")
        let cases: [(Credentials, String)] = [
            (.sshKey(privateKey: missing), missing),
            (.sshKey(privateKey: key, publicKey: missing + ".pub"), missing + ".pub"),
            (.sshKey(privateKey: key, passphraseFile: missing + ".passphrase"), missing + ".passphrase"),
        ]

        for (credentials, file) in cases {
            let error = #expect(throws: GitError.self) {
                try Mirror.sync(url: upstream.url, at: upstream.mirrorPath, credentials: credentials)
            }
            #expect(error?.code == .auth)
            #expect(error?.message.contains("'\(file)'") == true)
        }
    }

    @Test func credentialsAreNotNeededForRemotesThatDoNotAsk() throws {
        let upstream = try Upstream(.fileURL)
        let tokenFile = upstream.directory.appending("token")
        try Data("unused-token\n".utf8).write(to: URL(fileURLWithPath: tokenFile))

        let (mirror, _) = try Mirror.sync(
            url: upstream.url, at: upstream.mirrorPath, credentials: .token(file: tokenFile))

        #expect(try mirror.resolveCommit("main").hex == upstream.sample.second)
    }

    @Test func aRejectedTokenIsRetriedUpToTheCapThenAnAuthErrorWithoutTheSecret() throws {
        let server = try StubHTTPServer(response: StubHTTPServer.basicAuthChallenge)
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let secret = "s3cr3t-token-value"
        let tokenFile = directory.appending("token")
        try Data("  \(secret)\n".utf8).write(to: URL(fileURLWithPath: tokenFile))
        var credentials = Credentials.token(file: tokenFile)
        credentials.maxAttempts = 2
        let url = server.url("acme/config.git")

        let error = #expect(throws: GitError.self) {
            try Mirror.sync(url: url, at: directory.appending("mirror.git"), credentials: credentials)
        }

        #expect(error?.code == .auth, "\(String(describing: error))")
        #expect(error?.description.contains(secret) == false)
        #expect(error?.message.contains("authentication failed for '\(url)'") == true)
        #expect(error?.message.contains("'\(tokenFile)'") == true)
        let basic = "Basic " + Data("x-access-token:\(secret)".utf8).base64EncodedString()
        let authorizations = server.requests.map { head in
            head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("authorization:") }
                .map { $0.dropFirst("authorization:".count).trimmingCharacters(in: .whitespaces) }
        }
        #expect(authorizations == [nil, basic, basic])
    }

    @Test func aServerAskingForCredentialsWhenNoneAreConfiguredIsAnAuthError() throws {
        let server = try StubHTTPServer(response: StubHTTPServer.basicAuthChallenge)
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }

        let error = #expect(throws: GitError.self) {
            try Mirror.sync(url: server.url("private.git"), at: directory.appending("mirror.git"), credentials: .none)
        }

        #expect(error?.code == .auth, "\(String(describing: error))")
        #expect(error?.message.contains("none are configured") == true)
        #expect(server.requests.count == 1)
    }

    @Test func aPasswordInTheURLIsMaskedInErrors() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let port = try freeLoopbackPort()

        let error = #expect(throws: GitError.self) {
            try Mirror.sync(
                url: "http://user:hunter2@127.0.0.1:\(port)/repo.git", at: directory.appending("mirror.git"),
                credentials: .none)
        }

        #expect(error?.code == .network, "\(String(describing: error))")
        #expect(error?.description.contains("hunter2") == false)
        #expect(error?.message.contains("http://***@127.0.0.1:\(port)/repo.git") == true)
    }
}
