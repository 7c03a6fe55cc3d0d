import Foundation
import GitKit
import GitspacesTestSupport
import Testing

/// Mirroring over smart HTTPS with a token, against `git http-backend` behind a loopback TLS server.
///
/// `Git.setCertificateAuthorities(file:)` is process-wide (and with Debian's mbedTLS replaces the trusted set),
/// so these tests run one at a time, each sets the authorities it needs, and each leaves the system bundle (or,
/// where there is none, an unrelated authority) trusted when it ends. No other suite fetches over HTTPS.
@Suite(.serialized) struct HTTPSFetchTests {
    @Test func syncsEveryBranchAndTheDefaultBranchWithAToken() throws {
        let upstream = try HTTPSUpstream()
        try upstream.trustServer()
        defer { HTTPSUpstream.restoreAuthorities() }

        let (mirror, result) = try Mirror.sync(
            url: upstream.url, at: upstream.mirrorPath, credentials: .token(file: upstream.tokenFile))

        #expect(mirror.isBare)
        #expect(
            try mirror.branches().mapValues(\.hex) == [
                "main": upstream.sample.second, "feature": upstream.sample.feature,
            ])
        #expect(try mirror.resolveCommit("v1").hex == upstream.sample.first)
        #expect(try mirror.resolveCommit("v2").hex == upstream.sample.second)
        #expect(result.defaultBranch == "main")
        #expect(try mirror.defaultBranch() == "main")
        #expect(result.receivedObjects > 0)
        #expect(upstream.server.requests().contains { $0.hasPrefix("POST /upstream/git-upload-pack 200") })
    }

    @Test func aSecondSyncSeesNewCommitsAndAnUnchangedSyncDownloadsNothing() throws {
        let upstream = try HTTPSUpstream()
        try upstream.trustServer()
        defer { HTTPSUpstream.restoreAuthorities() }
        let credentials = Credentials.token(file: upstream.tokenFile)
        _ = try Mirror.sync(url: upstream.url, at: upstream.mirrorPath, credentials: credentials)

        try upstream.sample.fixture.write("config/gamma.yaml", "kind: Gitspace\n")
        let newTip = try upstream.sample.fixture.commit("add gamma")
        let (mirror, result) = try Mirror.sync(url: upstream.url, at: upstream.mirrorPath, credentials: credentials)

        #expect(try mirror.resolveCommit("main").hex == newTip)
        #expect(result.receivedObjects > 0)

        let before = upstream.server.requestCount()
        let (_, unchanged) = try Mirror.sync(url: upstream.url, at: upstream.mirrorPath, credentials: credentials)
        let requests = Array(upstream.server.requests().dropFirst(before))

        #expect(unchanged.receivedObjects == 0)
        #expect(try mirror.resolveCommit("main").hex == newTip)
        // Only the ref advertisement (`GET info/refs`, first without and then with credentials); no pack.
        #expect(!requests.isEmpty && requests.count <= 2, "\(requests)")
        #expect(requests.allSatisfy { $0.hasPrefix("GET /upstream/info/refs?service=git-upload-pack ") }, "\(requests)")
    }

    @Test func aWrongTokenIsAnAuthErrorThatNamesNoToken() throws {
        let upstream = try HTTPSUpstream()
        try upstream.trustServer()
        defer { HTTPSUpstream.restoreAuthorities() }
        let wrongToken = "wrong-\(UUID().uuidString)"
        let wrongFile = upstream.directory.appending("wrong-token")
        try Data("\(wrongToken)\n".utf8).write(to: URL(fileURLWithPath: wrongFile))

        let error = #expect(throws: GitError.self) {
            try Mirror.sync(url: upstream.url, at: upstream.mirrorPath, credentials: .token(file: wrongFile))
        }

        #expect(error?.code == .auth, "\(String(describing: error))")
        #expect(error?.message.contains(upstream.url) == true, "\(String(describing: error))")
        #expect(error?.message.contains(wrongFile) == true, "\(String(describing: error))")
        #expect(error?.description.contains(wrongToken) == false)
        #expect(error?.description.contains(upstream.server.token) == false)
        // Each attempt is one refused request: the token is offered `maxAttempts` times, then given up.
        let requests = upstream.server.requests()
        #expect(requests.allSatisfy { $0.hasSuffix(" 401") }, "\(requests)")
        #expect(requests.count == Credentials.token(file: wrongFile).maxAttempts + 1, "\(requests)")
    }

    @Test func aMissingTokenFileIsAnAuthErrorNamingItAndContactsNoServer() throws {
        let upstream = try HTTPSUpstream()
        try upstream.trustServer()
        defer { HTTPSUpstream.restoreAuthorities() }
        let missing = upstream.directory.appending("no-such-token")

        let error = #expect(throws: GitError.self) {
            try Mirror.sync(url: upstream.url, at: upstream.mirrorPath, credentials: .token(file: missing))
        }

        #expect(error?.code == .auth, "\(String(describing: error))")
        #expect(error?.message.contains(missing) == true, "\(String(describing: error))")
        #expect(upstream.server.requestCount() == 0)
    }

    @Test func noCredentialsForAServerThatAsksForThemIsAnAuthError() throws {
        let upstream = try HTTPSUpstream()
        try upstream.trustServer()
        defer { HTTPSUpstream.restoreAuthorities() }

        let error = #expect(throws: GitError.self) {
            try Mirror.sync(url: upstream.url, at: upstream.mirrorPath, credentials: .none)
        }

        #expect(error?.code == .auth, "\(String(describing: error))")
        #expect(error?.message.contains(upstream.url) == true, "\(String(describing: error))")
    }

    @Test func anUntrustedCertificateIsACertificateError() throws {
        let upstream = try HTTPSUpstream()
        defer { HTTPSUpstream.restoreAuthorities() }
        // Trust some other authority, whatever an earlier test left trusted.
        let other = try HTTPSUpstream.makeUnrelatedAuthority(in: upstream.directory)
        try Git.setCertificateAuthorities(file: other)

        let error = #expect(throws: GitError.self) {
            try Mirror.sync(url: upstream.url, at: upstream.mirrorPath, credentials: .token(file: upstream.tokenFile))
        }

        #expect(error?.code == .certificate, "\(String(describing: error))")
        #expect(error?.message.contains(upstream.url) == true, "\(String(describing: error))")
        #expect(error?.description.contains(upstream.server.token) == false)
        #expect(upstream.server.requestCount() == 0)
    }
}

/// The sample repository served over HTTPS with a token, a token file, and a place for mirrors.
final class HTTPSUpstream {
    let directory: TemporaryDirectory
    let sample: SampleRepository
    let server: GitHTTPServer
    let tokenFile: String

    init() throws {
        let directory = try TemporaryDirectory()
        do {
            sample = try SampleRepository(at: directory.appending("served/upstream"))
            let token = "tok-\(UUID().uuidString)"
            server = try GitHTTPServer(basePath: directory.appending("served"), token: token)
            tokenFile = directory.appending("token")
            try Data("  \(token)\n".utf8).write(to: URL(fileURLWithPath: tokenFile))
        } catch {
            directory.remove()
            throw error
        }
        self.directory = directory
    }

    var url: String { server.url(for: "upstream") }
    var mirrorPath: String { directory.appending("mirrors/upstream.git") }

    /// Trusts the system's authorities and this server's certificate.
    func trustServer() throws {
        let bundle = directory.appending("ca-bundle.pem")
        var pem = FileManager.default.contents(atPath: Self.systemBundle) ?? Data()
        pem.append(contentsOf: Array("\n".utf8))
        pem.append(try Data(contentsOf: URL(fileURLWithPath: server.caFile)))
        try pem.write(to: URL(fileURLWithPath: bundle))
        try Git.setCertificateAuthorities(file: bundle)
    }

    /// Trusts the system bundle again (libgit2's default on Debian); where there is none, an unrelated
    /// authority, so no test server stays trusted.
    static func restoreAuthorities() {
        if FileManager.default.isReadableFile(atPath: systemBundle) {
            try? Git.setCertificateAuthorities(file: systemBundle)
        } else if let directory = try? TemporaryDirectory() {
            defer { directory.remove() }
            if let other = try? makeUnrelatedAuthority(in: directory) {
                try? Git.setCertificateAuthorities(file: other)
            }
        }
    }

    /// A fresh self-signed certificate that signed nothing the tests serve.
    static func makeUnrelatedAuthority(in directory: TemporaryDirectory) throws -> String {
        let file = directory.appending("unrelated-ca.pem")
        try run(
            "openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=unrelated test CA",
                "-keyout", directory.appending("unrelated-key.pem"), "-out", file,
            ])
        return file
    }

    static let systemBundle = "/etc/ssl/certs/ca-certificates.crt"

    deinit {
        server.stop()
        directory.remove()
    }
}
