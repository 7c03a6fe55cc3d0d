import DevContainer

/// One container port a Gitspace wants on the host, and the host port it would like.
struct PortRequest: Sendable, Hashable {
    var containerPort: Int
    var proto: String
    /// `appPort`'s host port, or the port the container had before a replace.
    var preferred: Int?

    var key: String { "\(containerPort)/\(proto)" }

    /// `forwardPorts` (plain numbers; `host:port` entries name other hosts and publish nothing) and
    /// `appPort`, without duplicates.
    static func requests(of devcontainer: ResolvedDevContainer) -> [PortRequest] {
        var requests: [PortRequest] = []
        for port in devcontainer.appPort
        where !requests.contains(where: { $0.key == "\(port.containerPort)/\(port.proto)" }) {
            requests.append(PortRequest(containerPort: port.containerPort, proto: port.proto, preferred: port.hostPort))
        }
        for port in devcontainer.forwardPorts
        where port.host == nil && !requests.contains(where: { $0.key == "\(port.port)/tcp" }) {
            requests.append(PortRequest(containerPort: port.port, proto: "tcp", preferred: nil))
        }
        return requests
    }
}
