package import Shared

/// An `appPort` entry: a port published from the container (`3000`, `"8000:8010"`, `"127.0.0.1:8000:8010/udp"`).
package struct AppPort: Sendable, Hashable, CustomStringConvertible {
    package var hostIP: String?
    /// The host port asked for; Gitspaces allocates host ports itself and treats this as a preference.
    package var hostPort: Int?
    package var containerPort: Int
    /// `tcp` or `udp`.
    package var proto: String

    package init(hostIP: String? = nil, hostPort: Int? = nil, containerPort: Int, proto: String = "tcp") {
        self.hostIP = hostIP
        self.hostPort = hostPort
        self.containerPort = containerPort
        self.proto = proto
    }

    init?(parsing text: String) {
        var body = Substring(text)
        var proto = "tcp"
        if let slash = body.lastIndex(of: "/") {
            proto = String(body[body.index(after: slash)...])
            body = body[..<slash]
            guard proto == "tcp" || proto == "udp" else { return nil }
        }
        let parts = body.split(separator: ":", omittingEmptySubsequences: false)
        switch parts.count {
        case 1:
            guard let port = PortNumber.parse(parts[0]) else { return nil }
            self.init(hostPort: port, containerPort: port, proto: proto)
        case 2:
            guard let host = PortNumber.parse(parts[0]), let container = PortNumber.parse(parts[1]) else { return nil }
            self.init(hostPort: host, containerPort: container, proto: proto)
        case 3:
            guard !parts[0].isEmpty, let container = PortNumber.parse(parts[2]) else { return nil }
            let hostPort: Int?
            if parts[1].isEmpty {
                hostPort = nil
            } else {
                guard let port = PortNumber.parse(parts[1]) else { return nil }
                hostPort = port
            }
            self.init(hostIP: String(parts[0]), hostPort: hostPort, containerPort: container, proto: proto)
        default:
            return nil
        }
    }

    /// Docker's `-p` form.
    package var description: String {
        var text = ""
        if let hostIP { text += hostIP + ":" }
        if let hostPort { text += "\(hostPort):" } else if hostIP != nil { text += ":" }
        text += String(containerPort)
        if proto != "tcp" { text += "/" + proto }
        return text
    }

    package var canonical: JSONTree { .string(description) }
}
