internal import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// One fetch's HTTP conversation with a registry or a web server: the plain-HTTP rule on every URL (redirects and
/// token realms included), redirects followed by hand so that credentials never leave the registry's host, and the
/// `401` challenge answered once with Basic credentials or a Bearer token.
struct FeatureHTTPSession {
    struct Response {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]
    }

    private let client: HTTPClient
    private let policy: TransportPolicy
    private let credential: RegistryCredential?
    /// `host:port` of the registry: the only authority `authorization` is sent to.
    private let registryAuthority: String?
    /// The registry as the reference names it (`ghcr.io`, `127.0.0.1:5000`), for messages.
    private let registryName: String?
    private let reference: String
    private let logger: Logger
    /// The `Authorization` value earned by answering a challenge.
    private var authorization: String?

    private static let maximumRedirects = 5
    private static let timeout = TimeAmount.seconds(120)

    init(
        client: HTTPClient, policy: TransportPolicy, credential: RegistryCredential?, registryAuthority: String?,
        registryName: String?, reference: String, logger: Logger
    ) {
        self.registryName = registryName
        self.client = client
        self.policy = policy
        self.credential = credential
        self.registryAuthority = registryAuthority
        self.reference = reference
        self.logger = logger
    }

    /// `GET url`, answering one authentication challenge; the body is read up to `limit` bytes.
    ///
    /// - Parameter what: what is fetched, for messages (`the manifest`, `the layer sha256:…`).
    mutating func get(_ url: String, accept: [String], limit: Int, what: String) async throws(FeatureFetchError)
        -> Response
    {
        var response = try await follow(url, method: .GET, accept: accept, limit: limit, what: what)
        guard response.status == 401 else { return response }
        let challenge = AuthChallenge.preferred(response.headers["WWW-Authenticate"])
        authorization = try await answer(challenge, what: what)
        response = try await follow(url, method: .GET, accept: accept, limit: limit, what: what)
        if response.status == 401 || response.status == 403 {
            throw refused(status: response.status, by: "the registry")
        }
        return response
    }

    // MARK: - Challenges

    private func answer(_ challenge: AuthChallenge?, what: String) async throws(FeatureFetchError) -> String {
        switch challenge?.scheme {
        case "basic":
            guard case .basic(let username, let password) = credential?.secret else {
                throw FeatureFetchError(
                    .unauthorized, message: "the registry asks for credentials to read \(what) and \(missingHint)",
                    reference: reference)
            }
            return Self.basic(username, password)
        case "bearer":
            return "Bearer " + (try await token(challenge?.parameters ?? [:]))
        default:
            throw FeatureFetchError(
                .unauthorized,
                message: "the registry answered 401 without a Basic or Bearer challenge (WWW-Authenticate: "
                    + "\(challenge?.scheme ?? "missing")) for \(what)",
                reference: reference)
        }
    }

    private var missingHint: String {
        let host = registryName ?? "the host"
        return "none are configured: put user:password in <credentials-dir>/registry-\(host) or run "
            + "`docker login \(host)`"
    }

    private struct TokenAnswer: Decodable {
        var token: String?
        var accessToken: String?

        enum CodingKeys: String, CodingKey {
            case token
            case accessToken = "access_token"
        }
    }

    /// A token from the challenge's realm: anonymous, or with Basic credentials, or by exchanging an identity token.
    private func token(_ parameters: [String: String]) async throws(FeatureFetchError) -> String {
        guard let realm = parameters["realm"], var components = URLComponents(string: realm) else {
            throw FeatureFetchError(
                .protocolError, message: "the registry asked for a Bearer token without a usable realm",
                reference: reference)
        }
        var response: Response
        if case .identityToken(let refreshToken) = credential?.secret {
            var form = URLComponents()
            form.queryItems = [
                URLQueryItem(name: "grant_type", value: "refresh_token"),
                URLQueryItem(name: "client_id", value: "gitspaces"),
                URLQueryItem(name: "service", value: parameters["service"]),
                URLQueryItem(name: "scope", value: parameters["scope"]),
                URLQueryItem(name: "refresh_token", value: refreshToken),
            ].filter { $0.value != nil }
            response = try await follow(
                realm, method: .POST, accept: ["application/json"], limit: 1 << 20, what: "a token",
                authorizing: .explicit(nil),
                body: (Array((form.percentEncodedQuery ?? "").utf8), "application/x-www-form-urlencoded"))
        } else {
            let query = ["service", "scope"].compactMap { name in
                parameters[name].map { URLQueryItem(name: name, value: $0) }
            }
            if !query.isEmpty { components.queryItems = (components.queryItems ?? []) + query }
            var basic: String?
            if case .basic(let username, let password) = credential?.secret { basic = Self.basic(username, password) }
            response = try await follow(
                components.string ?? realm, method: .GET, accept: ["application/json"], limit: 1 << 20,
                what: "a token", authorizing: .explicit(basic))
        }
        guard response.status == 200 else {
            if response.status == 401 || response.status == 403 {
                throw refused(status: response.status, by: "the registry's token service")
            }
            throw FeatureFetchError(
                .protocolError, message: "the registry's token service answered HTTP \(response.status)",
                reference: reference)
        }
        guard let answer = try? JSONDecoder().decode(TokenAnswer.self, from: Data(response.body)),
            let token = answer.token ?? answer.accessToken, !token.isEmpty
        else {
            throw FeatureFetchError(
                .protocolError, message: "the registry's token service answered without a token",
                reference: reference)
        }
        return token
    }

    private func refused(status: Int, by whom: String) -> FeatureFetchError {
        guard let credential else {
            return FeatureFetchError(
                .unauthorized, message: "\(whom) refused anonymous access (HTTP \(status)) and \(missingHint)",
                reference: reference)
        }
        return FeatureFetchError(
            .unauthorized,
            message: "\(whom) refused the credentials from \(credential.source) (HTTP \(status)): check them",
            reference: reference)
    }

    private static func basic(_ username: String, _ password: String) -> String {
        "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
    }

    // MARK: - Requests and redirects

    /// Which `Authorization` a request carries: the session's (to the registry's authority only), or one given for
    /// this request (to its first URL only, never to a redirect).
    private enum Authorizing {
        case session
        case explicit(String?)
    }

    /// One request, following redirects; `authorization` goes only to the registry's own authority.
    private func follow(
        _ url: String, method: HTTPMethod, accept: [String], limit: Int, what: String,
        authorizing: Authorizing = .session, body: (bytes: [UInt8], type: String)? = nil
    ) async throws(FeatureFetchError) -> Response {
        var current = url
        for _ in 0...Self.maximumRedirects {
            let target = try check(current)
            var request = HTTPClientRequest(url: current)
            request.method = method
            request.headers.add(name: "User-Agent", value: "gitspaces")
            if !accept.isEmpty { request.headers.add(name: "Accept", value: accept.joined(separator: ", ")) }
            let sentAuthorization: String? =
                switch authorizing {
                case .explicit(let explicit): current == url ? explicit : nil
                case .session: target.authority == registryAuthority ? authorization : nil
                }
            if let sentAuthorization { request.headers.add(name: "Authorization", value: sentAuthorization) }
            if let body {
                request.body = .bytes(ByteBuffer(bytes: body.bytes))
                request.headers.add(name: "Content-Type", value: body.type)
            }
            logger.debug(
                "feature request",
                metadata: [
                    "gitspaces.feature": "\(reference)", "http.method": "\(method.rawValue)",
                    "http.url": "\(current)", "http.authorized": "\(sentAuthorization != nil)",
                ])
            let response: HTTPClientResponse
            do {
                response = try await client.execute(request, timeout: Self.timeout)
            } catch {
                throw FeatureFetchError(
                    .unreachable, message: "cannot reach \(target.authority) for \(what): \(Self.reason(error))",
                    reference: reference, cause: error)
            }
            let status = Int(response.status.code)
            if [301, 302, 303, 307, 308].contains(status), let location = response.headers.first(name: "Location"),
                let next = URL(string: location, relativeTo: URL(string: current))?.absoluteString
            {
                current = next
                continue
            }
            let bytes: ByteBuffer
            do {
                bytes = try await response.body.collect(upTo: status == 200 ? limit : 64 * 1024)
            } catch is NIOTooManyBytesError {
                throw FeatureFetchError(
                    .protocolError, message: "\(what) is larger than \(limit) bytes", reference: reference)
            } catch {
                throw FeatureFetchError(
                    .unreachable, message: "reading \(what) from \(target.authority) failed: \(Self.reason(error))",
                    reference: reference, cause: error)
            }
            return Response(status: status, headers: response.headers, body: Array(bytes.readableBytesView))
        }
        throw FeatureFetchError(
            .protocolError, message: "more than \(Self.maximumRedirects) redirects fetching \(what)",
            reference: reference)
    }

    /// The URL's authority (`host:port`), after checking its scheme against the plain-HTTP rule.
    private func check(_ url: String) throws(FeatureFetchError) -> (authority: String, secure: Bool) {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), let host = parsed.host,
            !host.isEmpty
        else {
            throw FeatureFetchError(.invalidReference, message: "\(url) is not a URL", reference: reference)
        }
        let bare = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        let named = bare.contains(":") ? "[\(bare)]" : bare
        switch scheme {
        case "https":
            return ("\(named):\(parsed.port ?? 443)".lowercased(), true)
        case "http":
            guard policy.allowsPlainHTTP(host: bare, port: parsed.port) else {
                throw FeatureFetchError(
                    .insecureTransport,
                    message: "plain HTTP to \(named) is refused: use https, or list the host with --insecure-registry",
                    reference: reference)
            }
            return ("\(named):\(parsed.port ?? 80)".lowercased(), false)
        default:
            throw FeatureFetchError(
                .invalidReference, message: "\(scheme):// is not supported: use https://", reference: reference)
        }
    }

    /// The authority a registry written `host[:port]` is reached at, as `check` names it.
    static func authority(ofRegistry registry: String, scheme: String) -> String {
        let (host, port) = TransportPolicy.split(registry)
        let named = host.contains(":") ? "[\(host)]" : host
        return "\(named):\(port ?? (scheme == "https" ? 443 : 80))".lowercased()
    }

    private static func reason(_ error: any Error) -> String {
        if let ioError = error as? IOError { return String(cString: strerror(ioError.errnoCode)) }
        return "\(error)"
    }
}
