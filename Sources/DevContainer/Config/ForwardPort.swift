package import Shared

/// A `forwardPorts` entry: a port number, or `"host:port"` (for example `"db:5432"`).
package struct ForwardPort: Sendable, Hashable, CustomStringConvertible {
    /// nil for a bare number; `localhost:N` is read as the bare number `N`, as the reference CLI does.
    package var host: String?
    package var port: Int

    package init(host: String? = nil, port: Int) {
        self.host = host == "localhost" ? nil : host
        self.port = port
    }

    /// Parses `"host:port"` (host `[a-z0-9-]+`, port 1–65535).
    init?(parsing text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty,
            parts[0].unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }),
            let port = PortNumber.parse(parts[1])
        else { return nil }
        self.init(host: String(parts[0]), port: port)
    }

    package var canonical: JSONTree {
        guard let host else { return .int(port) }
        return .string("\(host):\(port)")
    }

    package var description: String { host.map { "\($0):\(port)" } ?? String(port) }
}
