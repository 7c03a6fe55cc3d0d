import Foundation

/// Where the Docker Engine listens: a unix socket or a plain-HTTP TCP address.
package enum DockerHost: Sendable, Hashable, CustomStringConvertible {
    /// `unix:///var/run/docker.sock`.
    case unix(path: String)
    /// `tcp://HOST:PORT`, spoken as plain HTTP (no TLS).
    case tcp(host: String, port: Int)

    /// The engine's default socket, `unix:///var/run/docker.sock`.
    package static let defaultSocket = DockerHost.unix(path: "/var/run/docker.sock")

    /// `DOCKER_HOST` from the environment when set and not empty, else the default socket.
    package static func fromEnvironment(_ environment: [String: String]? = nil) throws -> DockerHost {
        let environment = environment ?? ProcessInfo.processInfo.environment
        guard let value = environment["DOCKER_HOST"], !value.isEmpty else { return .defaultSocket }
        return try DockerHost(parsing: value)
    }

    /// Parses `unix:///path/to/socket`, `tcp://host:port` (port 2375 when missing) or `http://host:port`.
    package init(parsing string: String) throws {
        let trimmed = string.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("unix://") {
            let path = String(trimmed.dropFirst("unix://".count))
            guard path.hasPrefix("/") else {
                throw Self.invalid(string, "a unix socket needs an absolute path, as in unix:///var/run/docker.sock")
            }
            self = .unix(path: path)
            return
        }
        var rest: Substring
        if trimmed.hasPrefix("tcp://") {
            rest = trimmed.dropFirst("tcp://".count)
        } else if trimmed.hasPrefix("http://") {
            rest = trimmed.dropFirst("http://".count)
        } else {
            throw Self.invalid(string, "use unix:///path/to/docker.sock or tcp://HOST:PORT")
        }
        if let slash = rest.firstIndex(of: "/") {
            guard rest[slash...].allSatisfy({ $0 == "/" }) else {
                throw Self.invalid(string, "a tcp:// host takes no path")
            }
            rest = rest[..<slash]
        }
        var host = rest
        var port = 2375
        if let colon = rest.lastIndex(of: ":"), !rest.hasSuffix("]") {
            host = rest[..<colon]
            guard let parsed = Int(rest[rest.index(after: colon)...]), (1...65535).contains(parsed) else {
                throw Self.invalid(string, "the port must be a number from 1 to 65535")
            }
            port = parsed
        }
        if host.hasPrefix("[") && host.hasSuffix("]") {
            host = host.dropFirst().dropLast()
        }
        guard !host.isEmpty else { throw Self.invalid(string, "the host is missing, as in tcp://127.0.0.1:2375") }
        self = .tcp(host: String(host), port: port)
    }

    package var description: String {
        switch self {
        case .unix(let path): "unix://\(path)"
        case .tcp(let host, let port): host.contains(":") ? "tcp://[\(host)]:\(port)" : "tcp://\(host):\(port)"
        }
    }

    private static func invalid(_ string: String, _ hint: String) -> EngineError {
        EngineError(
            .invalidArgument, message: "invalid Docker host \"\(string)\": \(hint)", operation: "parse Docker host")
    }
}
