internal import AsyncHTTPClient
import Foundation
package import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1

/// A typed client for the Docker Engine API over a unix socket or plain-HTTP TCP.
///
/// One client owns one HTTP connection pool: create it once, share it, and call `shutdown()` when done
/// (in debug builds a client released without `shutdown()` traps, as AsyncHTTPClient's `HTTPClient` does;
/// `withClient(host:logger:_:)` does it for you).
///
/// The API version is negotiated on the first versioned call (`GET /_ping`, cached): engines older than
/// API 1.41 (Docker 20.10) are refused, and requests use `/v{min(engine, 1.45)}`.
package final class DockerClient: Sendable {
    /// The oldest engine API this client talks to (Docker 20.10).
    package static let minimumAPIVersion = APIVersion(1, 41)
    /// The newest engine API this client asks for; newer engines answer in this version.
    package static let maximumAPIVersion = APIVersion(1, 45)

    /// Where the engine listens.
    package let host: DockerHost
    /// AsyncHTTPClient's configuration; its client is started by the first call that needs it.
    private let configuration: HTTPClient.Configuration
    private let startedClient = NIOLockedValueBox<HTTPClient?>(nil)
    /// Whether a `tcp://` engine is spoken to over TLS (`certificatePath`).
    let usesTLS: Bool
    /// Whether calls with a whole body go over a socket of their own instead of AsyncHTTPClient's pool (see
    /// `directCall`): for command-line runs, which make a few calls and exit.
    let directCalls: Bool
    let logger: Logger
    let requestTimeout: Duration
    private let negotiated = NegotiatedVersion()

    /// A client for `host` (`unix:///…` or `tcp://HOST:PORT`), or for `DOCKER_HOST` (else the default socket)
    /// when `host` is `nil` or empty.
    ///
    /// - Parameters:
    ///   - requestTimeout: the deadline for one non-streaming call (streams such as logs, exec output,
    ///     builds and pulls are not cut off by it once the engine has answered).
    ///   - directCalls: calls with a whole body go over a socket of their own, one connection each, instead of
    ///     AsyncHTTPClient's pool (which the streaming calls still start when they need it).
    /// - Throws: `EngineError` with code `.invalidArgument` when the host string does not parse.
    package convenience init(
        host: String? = nil, logger: Logger = Logger(label: "gitspaces.docker"),
        requestTimeout: Duration = .seconds(120), directCalls: Bool = false
    ) throws {
        let parsed =
            if let host, !host.isEmpty { try DockerHost(parsing: host) } else { try DockerHost.fromEnvironment() }
        self.init(host: parsed, logger: logger, requestTimeout: requestTimeout, directCalls: directCalls)
    }

    /// A client for `host` that speaks TLS to a `tcp://` engine with the docker CLI's files in `certificatePath`
    /// (`ca.pem`, `cert.pem`, `key.pem`): the engine's certificate is verified against `ca.pem`, and the client
    /// presents `cert.pem`. Without a path (and for `unix://`), plain as `init(host:logger:requestTimeout:)`.
    package convenience init(
        host: String?, certificatePath: String?, logger: Logger = Logger(label: "gitspaces.docker"),
        requestTimeout: Duration = .seconds(120)
    ) throws {
        let parsed =
            if let host, !host.isEmpty { try DockerHost(parsing: host) } else { try DockerHost.fromEnvironment() }
        self.init(host: parsed, logger: logger, requestTimeout: requestTimeout, certificatePath: certificatePath)
    }

    /// A client for `host`.
    package init(
        host: DockerHost, logger: Logger = Logger(label: "gitspaces.docker"), requestTimeout: Duration = .seconds(120),
        certificatePath: String? = DockerClient.environmentCertificatePath, directCalls: Bool = false
    ) {
        self.host = host
        self.logger = logger
        self.requestTimeout = requestTimeout
        self.directCalls = directCalls
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.httpVersion = .http1Only
        configuration.decompression = .disabled
        configuration.timeout = .init(connect: .seconds(5))
        // AHC would retry a failed connect with backoff until the connect timeout; an engine that is down
        // (no socket, connection refused) should fail the call at once with `.unreachable`.
        configuration.connectionPool.retryConnectionEstablishment = false
        if case .tcp = host, let certificatePath, !certificatePath.isEmpty {
            configuration.tlsConfiguration = Self.tlsConfiguration(certificatePath: certificatePath)
            usesTLS = true
        } else {
            usesTLS = false
        }
        self.configuration = configuration
    }

    /// AsyncHTTPClient's client, started on first use (its event loop threads with it).
    var httpClient: HTTPClient {
        startedClient.withLockedValue { client in
            if let client { return client }
            let started = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            client = started
            return started
        }
    }

    /// Whether AsyncHTTPClient has been started (by a call that streams, or any call without `directCalls`).
    package var isPoolStarted: Bool { startedClient.withLockedValue { $0 != nil } }

    /// Closes the connections; the client is unusable afterwards.
    package func shutdown() async throws {
        guard let client = startedClient.withLockedValue({ $0 }) else { return }
        try await client.shutdown()
    }

    /// Runs `body` with a client for `host` (see `init(host:logger:requestTimeout:)`) and shuts it down afterwards,
    /// whether `body` throws or not.
    package static func withClient<Result>(
        host: String? = nil, logger: Logger = Logger(label: "gitspaces.docker"),
        _ body: (DockerClient) async throws -> Result
    ) async throws -> Result {
        let client = try DockerClient(host: host, logger: logger)
        let result: Result
        do {
            result = try await body(client)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
        return result
    }

    /// The API version requests use: `min(engine's ApiVersion, maximumAPIVersion)`, negotiated once.
    ///
    /// - Throws: `.unsupportedVersion` for engines older than `minimumAPIVersion`, `.unreachable` without an engine.
    package func apiVersion() async throws -> APIVersion {
        try await apiVersion(for: "negotiate API version")
    }

    /// `apiVersion()`, with errors naming the call that needed it (an engine that is down fails the first call).
    func apiVersion(for operation: String) async throws -> APIVersion {
        if let cached = await negotiated.value { return cached }
        if let pinged = try await pingedAPIVersion(operation: operation) {
            let chosen = min(pinged, Self.maximumAPIVersion)
            await negotiated.set(chosen)
            return chosen
        }
        let version = try await performJSON(
            VersionInfo.self, .get("/version").unversioned, operation: operation, accept: [200])
        guard let engineAPI = APIVersion(version.apiVersion) else {
            throw EngineError(
                .protocolError, message: "the engine reported an unreadable ApiVersion \"\(version.apiVersion)\"",
                operation: operation)
        }
        guard engineAPI >= Self.minimumAPIVersion else {
            throw EngineError(
                .unsupportedVersion,
                message:
                    "the Docker Engine at \(host) (version \(version.version)) speaks API \(engineAPI); gitspaces needs API \(Self.minimumAPIVersion) or newer (Docker 20.10+): upgrade the engine or point DOCKER_HOST / --docker-host at a newer one",
                operation: operation)
        }
        let chosen = min(engineAPI, Self.maximumAPIVersion)
        await negotiated.set(chosen)
        return chosen
    }
}

/// The negotiated API version, shared by all calls of one client.
private actor NegotiatedVersion {
    private(set) var value: APIVersion?

    func set(_ version: APIVersion) {
        value = version
    }
}
