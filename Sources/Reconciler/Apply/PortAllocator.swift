import DockerEngine
import Foundation
import Shared

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Hands out host ports for one apply pass so that no two Gitspaces get the same one: the ports the
/// engine's containers are bound to (read once), those handed out in this pass, and a bind() probe on the
/// bind address rule a port out.
actor PortAllocator {
    let runtime: any ContainerRuntime
    let bindAddress: String
    let range: ClosedRange<Int>
    private var engineBound: Set<Int>?
    private var claimed: Set<Int> = []

    init(docker: DockerClient, bindAddress: String, range: ClosedRange<Int> = 20000...29999) {
        self.init(runtime: DockerRuntime(docker), bindAddress: bindAddress, range: range)
    }

    init(runtime: any ContainerRuntime, bindAddress: String, range: ClosedRange<Int> = 20000...29999) {
        self.runtime = runtime
        self.bindAddress = bindAddress
        self.range = range
    }

    /// Forgets what it read and handed out: each pass starts from the engine as it is.
    func reset() {
        engineBound = nil
        claimed = []
    }

    /// Host ports for `requests`: a port the container had before (`reuse`, by `8080/tcp`) when still free,
    /// else the preferred one, else the container port itself (from 1024 up), else the first free one of
    /// `range` from a starting point derived from `seed`.
    func allocate(_ requests: [PortRequest], reuse: [String: Int], seed: String) async throws
        -> [ContainerTemplate.PublishedPort]
    {
        guard !requests.isEmpty else { return [] }
        let bound = try await engineBindings()
        var result: [ContainerTemplate.PublishedPort] = []
        for request in requests {
            var candidates: [Int] = []
            if let previous = reuse[request.key] { candidates.append(previous) }
            if let preferred = request.preferred { candidates.append(preferred) }
            if request.containerPort >= 1024 { candidates.append(request.containerPort) }
            var chosen: Int?
            for candidate in candidates where !claimed.contains(candidate) {
                // The port a replaced container had is among the engine's bindings until it is removed.
                let mine = reuse[request.key] == candidate
                if (mine || !bound.contains(candidate))
                    && (mine || Self.isFree(candidate, on: bindAddress, proto: request.proto))
                {
                    chosen = candidate
                    break
                }
            }
            if chosen == nil {
                let size = range.count
                let start = Int(Hashing.sha256Prefix64("\(seed)/\(request.key)") % UInt64(size))
                for offset in 0..<size {
                    let candidate = range.lowerBound + (start + offset) % size
                    if claimed.contains(candidate) || bound.contains(candidate) { continue }
                    if Self.isFree(candidate, on: bindAddress, proto: request.proto) {
                        chosen = candidate
                        break
                    }
                }
            }
            guard let port = chosen else {
                throw ApplyError(
                    .ports, "no free host port for container port \(request.key) in \(range) on \(bindAddress)")
            }
            claimed.insert(port)
            result.append(
                ContainerTemplate.PublishedPort(
                    hostIP: bindAddress, hostPort: port, containerPort: request.containerPort, proto: request.proto))
        }
        return result
    }

    /// Every host port any container on the engine is bound to or configured for (stopped ones too: they
    /// take their ports back when they start).
    private func engineBindings() async throws -> Set<Int> {
        if let engineBound { return engineBound }
        var ports: Set<Int> = []
        for summary in try await runtime.containers(labelled: [:]) {
            guard let details = try await runtime.container(summary.id) else { continue }
            for bindings in Array(details.hostConfig.portBindings.values) + Array(details.ports.values) {
                for binding in bindings { if let port = Int(binding.hostPort) { ports.insert(port) } }
            }
        }
        engineBound = ports
        return ports
    }

    /// Whether `port` can be bound on `address` now.
    static func isFree(_ port: Int, on address: String, proto: String) -> Bool {
        #if canImport(Glibc)
            let type = Int32(proto == "udp" ? SOCK_DGRAM.rawValue : SOCK_STREAM.rawValue)
        #else
            let type = proto == "udp" ? SOCK_DGRAM : SOCK_STREAM
        #endif
        let isIPv6 = address.contains(":")
        let probe = socket(isIPv6 ? AF_INET6 : AF_INET, type, 0)
        guard probe >= 0 else { return false }
        defer { close(probe) }
        var reuse: Int32 = 1
        setsockopt(probe, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        if isIPv6 {
            var socketAddress = sockaddr_in6()
            socketAddress.sin6_family = sa_family_t(AF_INET6)
            socketAddress.sin6_port = in_port_t(UInt16(port).bigEndian)
            guard inet_pton(AF_INET6, address, &socketAddress.sin6_addr) == 1 else { return false }
            return withUnsafePointer(to: &socketAddress) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(probe, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) == 0
                }
            }
        }
        var socketAddress = sockaddr_in()
        socketAddress.sin_family = sa_family_t(AF_INET)
        socketAddress.sin_port = in_port_t(UInt16(port).bigEndian)
        let text = address.isEmpty ? "0.0.0.0" : address
        guard inet_pton(AF_INET, text, &socketAddress.sin_addr) == 1 else { return false }
        return withUnsafePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(probe, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
