/// A `WWW-Authenticate` challenge from a registry: the scheme and its parameters.
///
/// `Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:devcontainers/features/node:pull"`
/// becomes scheme `bearer` with `realm`, `service` and `scope`.
struct AuthChallenge: Sendable, Equatable {
    /// The scheme in lower case: `basic` or `bearer` (others are kept but not answered).
    var scheme: String
    /// Parameter names in lower case, values unquoted.
    var parameters: [String: String]

    /// Parses one header value; nil when it has no scheme.
    init?(header: String) {
        var rest = Substring(header).drop { $0 == " " }
        let scheme = rest.prefix { $0 != " " && $0 != "," }
        guard !scheme.isEmpty else { return nil }
        self.scheme = scheme.lowercased()
        rest = rest.dropFirst(scheme.count)
        var parameters: [String: String] = [:]
        while true {
            rest = rest.drop { $0 == " " || $0 == "," }
            guard let equals = rest.firstIndex(of: "=") else { break }
            let name = rest[..<equals].trimmingSpaces().lowercased()
            rest = rest[rest.index(after: equals)...].drop { $0 == " " }
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                var escaped = false
                while let character = rest.first {
                    rest = rest.dropFirst()
                    if escaped {
                        value.append(character)
                        escaped = false
                    } else if character == "\\" {
                        escaped = true
                    } else if character == "\"" {
                        break
                    } else {
                        value.append(character)
                    }
                }
            } else {
                let token = rest.prefix { $0 != "," }
                value = String(token).trimmingSpaces()
                rest = rest.dropFirst(token.count)
            }
            parameters[name] = value
        }
        self.parameters = parameters
    }

    /// The challenge to answer among several headers: Bearer before Basic, as Docker does.
    static func preferred(_ headers: [String]) -> AuthChallenge? {
        let challenges = headers.compactMap(AuthChallenge.init(header:))
        return challenges.first { $0.scheme == "bearer" } ?? challenges.first { $0.scheme == "basic" }
            ?? challenges.first
    }
}

extension StringProtocol {
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
