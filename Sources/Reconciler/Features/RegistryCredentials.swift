import Foundation

/// Credentials for one registry host, as found on this host, and the file they came from (for messages: the
/// file is named, its content never).
struct RegistryCredential: Sendable {
    enum Secret: Sendable {
        /// HTTP Basic, also sent to a Bearer token realm.
        case basic(username: String, password: String)
        /// A Docker `identitytoken`: an OAuth2 refresh token exchanged at the token realm.
        case identityToken(String)
    }

    var secret: Secret
    /// The file the credential was read from.
    var source: String
}

/// Where registry credentials are looked up: the credentials directory first, then Docker's `config.json`.
///
/// - `<credentials-dir>/registry-<host>` (the host as in the reference, with its port: `registry-ghcr.io`,
///   `registry-127.0.0.1:5000`): the first line is `user:password`, or a bare token, sent as the password of the
///   user `x-access-token`.
/// - `$DOCKER_CONFIG/config.json` (default `~/.docker/config.json`): `auths[host].auth` (base64 of
///   `user:password`), `auths[host].username`/`password`, or `auths[host].identitytoken`. Keys may also be written
///   as URLs (`https://host/v1/`); Docker Hub's key `https://index.docker.io/v1/` serves `docker.io`.
struct RegistryCredentialStore: Sendable {
    var credentialsDirectory: String?
    var dockerConfigDirectory: String?

    /// The directory Docker's CLI reads `config.json` from: `$DOCKER_CONFIG`, else `~/.docker`.
    static func defaultDockerConfigDirectory(environment: [String: String]) -> String? {
        if let configured = environment["DOCKER_CONFIG"], !configured.isEmpty { return configured }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.docker"
    }

    /// The credential for `host` (`name[:port]`), or nil when none is configured or the files are unreadable.
    func credential(for host: String) -> RegistryCredential? {
        fromCredentialsDirectory(host) ?? fromDockerConfig(host)
    }

    private func fromCredentialsDirectory(_ host: String) -> RegistryCredential? {
        guard let directory = credentialsDirectory else { return nil }
        let path = directory + "/registry-" + host
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let line =
            text.split(whereSeparator: \.isNewline).first.map(String.init)?
            .trimmingCharacters(in: .whitespaces) ?? ""
        guard !line.isEmpty else { return nil }
        if let colon = line.firstIndex(of: ":") {
            return RegistryCredential(
                secret: .basic(username: String(line[..<colon]), password: String(line[line.index(after: colon)...])),
                source: path)
        }
        return RegistryCredential(secret: .basic(username: "x-access-token", password: line), source: path)
    }

    private struct DockerConfig: Decodable {
        var auths: [String: Entry]?

        struct Entry: Decodable {
            var auth: String?
            var username: String?
            var password: String?
            var identitytoken: String?
        }
    }

    private func fromDockerConfig(_ host: String) -> RegistryCredential? {
        guard let directory = dockerConfigDirectory else { return nil }
        let path = directory + "/config.json"
        guard let data = FileManager.default.contents(atPath: path),
            let config = try? JSONDecoder().decode(DockerConfig.self, from: data), let auths = config.auths
        else { return nil }
        let wanted = Self.aliases(of: host)
        guard let entry = auths.first(where: { wanted.contains(Self.hostOfKey($0.key)) })?.value else { return nil }
        if let token = entry.identitytoken, !token.isEmpty {
            return RegistryCredential(secret: .identityToken(token), source: path)
        }
        if let encoded = entry.auth, !encoded.isEmpty,
            let decoded = Data(base64Encoded: encoded).map({ String(decoding: $0, as: UTF8.self) }),
            let colon = decoded.firstIndex(of: ":")
        {
            return RegistryCredential(
                secret: .basic(
                    username: String(decoded[..<colon]), password: String(decoded[decoded.index(after: colon)...])),
                source: path)
        }
        if let username = entry.username, let password = entry.password {
            return RegistryCredential(secret: .basic(username: username, password: password), source: path)
        }
        return nil
    }

    /// `https://host:port/v1/` -> `host:port`.
    private static func hostOfKey(_ key: String) -> String {
        var rest = Substring(key)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        return rest.lowercased()
    }

    private static let dockerHub: Set<String> = ["docker.io", "index.docker.io", "registry-1.docker.io"]

    private static func aliases(of host: String) -> Set<String> {
        let lowered = host.lowercased()
        return dockerHub.contains(lowered) ? dockerHub : [lowered]
    }
}
