/// Which hosts may be reached over plain HTTP: loopback (`localhost`, `127.0.0.1`, `[::1]`, any port) and the
/// hosts listed as insecure registries (`host` for any port, or `host:port`). Everything else is HTTPS only.
struct TransportPolicy: Sendable {
    private let insecure: Set<String>

    init(insecureRegistries: [String]) {
        insecure = Set(insecureRegistries.map { $0.lowercased() })
    }

    private static let loopback: Set<String> = ["localhost", "127.0.0.1", "::1", "[::1]"]

    /// Whether plain HTTP to `host` (without brackets or port) on `port` is allowed.
    func allowsPlainHTTP(host: String, port: Int?) -> Bool {
        let name = host.lowercased()
        if Self.loopback.contains(name) { return true }
        if insecure.contains(name) || insecure.contains("[\(name)]") { return true }
        guard let port else { return false }
        let bracketed = name.contains(":") ? "[\(name)]" : name
        return insecure.contains("\(bracketed):\(port)")
    }

    /// The scheme for a registry written `host`, `host:port` or `[v6]:port`: `http` where allowed, else `https`.
    func scheme(forRegistry registry: String) -> String {
        let (host, port) = Self.split(registry)
        return allowsPlainHTTP(host: host, port: port) ? "http" : "https"
    }

    /// `host[:port]` -> (host without brackets, port).
    static func split(_ registry: String) -> (host: String, port: Int?) {
        if registry.hasPrefix("["), let close = registry.firstIndex(of: "]") {
            let host = String(registry[registry.index(after: registry.startIndex)..<close])
            let rest = registry[registry.index(after: close)...]
            return (host, rest.hasPrefix(":") ? Int(rest.dropFirst()) : nil)
        }
        if let colon = registry.lastIndex(of: ":"), let port = Int(registry[registry.index(after: colon)...]) {
            return (String(registry[..<colon]), port)
        }
        return (registry, nil)
    }
}
