import Foundation

/// A registry on 127.0.0.1 that serves one `TestFeature` under one repository and tag, behind authentication, and
/// counts requests: the stand-in for ghcr.io's token flow, which Debian's `docker-registry` cannot do without a
/// separate token server.
///
/// - `.bearer`: a request without `Authorization: Bearer TOKEN` gets `401` with
///   `WWW-Authenticate: Bearer realm="http://127.0.0.1:PORT/token",service="gitspaces-stub",`
///   `scope="repository:NAME:pull"`;
///   `GET /token?service=…&scope=…` with the right Basic credentials answers `{"token": TOKEN}`, else `401`.
/// - `.basic`: a request without the right Basic credentials gets `401` with `WWW-Authenticate: Basic`.
///
/// Manifests are served by tag and by digest, blobs by digest. Stopped by `stop()` or when released.
package final class FeatureRegistryStub: Sendable {
    /// How the stub wants to be authenticated.
    package enum Authentication: Sendable {
        case bearer(username: String, password: String)
        case basic(username: String, password: String)
    }

    /// `127.0.0.1:PORT`, the registry part of references to it.
    package var address: String { "127.0.0.1:\(server.port)" }
    /// The token the token endpoint issues (tests check it never shows up in an error).
    package let token: String
    private let server: StubHTTPServer

    /// Starts serving `feature` as `repository:tag`.
    package init(feature: TestFeature, repository: String, tag: String, authentication: Authentication) throws {
        let token = "stub-token-\(UUID().uuidString.lowercased())"
        self.token = token
        server = try StubHTTPServer(handler: { request in
            Self.answer(
                request, feature: feature, repository: repository, tag: tag, authentication: authentication,
                token: token)
        })
    }

    /// The heads of all requests answered so far (token requests included).
    package var requests: [String] { server.requests }

    /// Stops the server; calling it again does nothing.
    package func stop() {
        server.stop()
    }

    private static func answer(
        _ request: StubHTTPServer.Request, feature: TestFeature, repository: String, tag: String,
        authentication: Authentication, token: String
    ) -> StubHTTPServer.Response {
        let path = String(request.path.prefix { $0 != "?" })
        let authorization = request.headers["authorization"]
        switch authentication {
        case .bearer(let username, let password):
            if path == "/token" {
                guard authorization == basic(username, password) else {
                    return StubHTTPServer.Response(status: 401, text: #"{"errors":[{"code":"UNAUTHORIZED"}]}"#)
                }
                let query = request.path.removingPercentEncoding ?? request.path
                guard query.contains("service=gitspaces-stub"), query.contains("scope=repository:\(repository):pull")
                else {
                    return StubHTTPServer.Response(status: 400, text: "missing service or scope")
                }
                return StubHTTPServer.Response(
                    status: 200, headers: ["Content-Type": "application/json"], text: #"{"token":"\#(token)"}"#)
            }
            guard authorization == "Bearer \(token)" else {
                let host = request.headers["host"] ?? "127.0.0.1"
                let challenge =
                    #"Bearer realm="http://\#(host)/token",service="gitspaces-stub","#
                    + #"scope="repository:\#(repository):pull""#
                return StubHTTPServer.Response(status: 401, headers: ["WWW-Authenticate": challenge])
            }
        case .basic(let username, let password):
            guard authorization == basic(username, password) else {
                return StubHTTPServer.Response(
                    status: 401, headers: ["WWW-Authenticate": #"Basic realm="gitspaces-stub""#])
            }
        }
        let prefix = "/v2/\(repository)/"
        guard path.hasPrefix(prefix) else { return StubHTTPServer.Response(status: 404) }
        let rest = path.dropFirst(prefix.count)
        if rest == "manifests/\(tag)" || rest == "manifests/\(feature.manifestDigest)" {
            return StubHTTPServer.Response(
                status: 200,
                headers: [
                    "Content-Type": TestFeature.manifestMediaType, "Docker-Content-Digest": feature.manifestDigest,
                ],
                body: feature.manifest)
        }
        if rest == "blobs/\(feature.layerDigest)" {
            return StubHTTPServer.Response(status: 200, body: feature.layer)
        }
        if rest == "blobs/\(feature.configDigest)" {
            return StubHTTPServer.Response(status: 200, body: feature.config)
        }
        return StubHTTPServer.Response(status: 404)
    }

    private static func basic(_ username: String, _ password: String) -> String {
        "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
    }
}
