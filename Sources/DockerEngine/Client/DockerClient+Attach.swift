import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What an interactive or streaming exec runs, and how.
package struct ExecConfiguration: Sendable, Hashable {
    /// The command and its arguments.
    package var command: [String]
    /// `name`, `uid` or `uid:gid`; the container's user when `nil`.
    package var user: String?
    /// The container's working directory when `nil`.
    package var workingDir: String?
    /// Extra `KEY=VALUE` variables.
    package var env: [String]
    /// Runs the command on a pseudo-terminal (its output is then one raw stream, and `resizeExec` sizes it).
    package var tty: Bool
    /// Connects the process's stdin to the connection (closed at the input's end-of-file).
    package var attachStdin: Bool

    /// Creates a configuration.
    package init(
        command: [String], user: String? = nil, workingDir: String? = nil, env: [String] = [], tty: Bool = false,
        attachStdin: Bool = true
    ) {
        self.command = command
        self.user = user
        self.workingDir = workingDir
        self.env = env
        self.tty = tty
        self.attachStdin = attachStdin
    }
}

extension DockerClient {
    /// Creates an exec instance in a running container and returns its id; `startExec` runs it.
    ///
    /// - Throws: `.notFound` without such a container, `.conflict` when it is not running.
    package func createExec(_ container: String, _ configuration: ExecConfiguration) async throws -> String {
        let operation = "exec in \(container): \(configuration.command.joined(separator: " "))"
        return try await createExec(
            container, command: configuration.command, user: configuration.user, workingDir: configuration.workingDir,
            env: configuration.env, tty: configuration.tty, attachStdin: configuration.attachStdin,
            operation: operation)
    }

    /// Starts an exec created by `createExec` on a hijacked connection (`Connection: Upgrade`, `Upgrade: tcp`):
    /// the returned connection carries the process's stdin and output; `ExecConnection.bridge` pumps them.
    ///
    /// `tty` must match the exec's configuration. `consoleSize` (rows, columns) sizes the pseudo-terminal before the
    /// process starts (API 1.42+; older engines only get it from `resizeExec`, after the start). The connection is a
    /// plain socket of its own, not one of the client's pooled HTTP connections.
    ///
    /// - Throws: `.notFound` for an unknown exec, `.conflict` when the container stopped, `.unreachable` without
    ///   an engine, `.protocolError` when the engine does not switch protocols.
    package func startExec(_ execID: String, tty: Bool, consoleSize: (rows: Int, columns: Int)? = nil) async throws
        -> ExecConnection
    {
        let operation = "exec start \(execID.prefix(12))"
        let version = try await apiVersion(for: operation)
        var size = ""
        if tty, let consoleSize, version >= APIVersion(1, 42) {
            size = #","ConsoleSize":[\#(consoleSize.rows),\#(consoleSize.columns)]"#
        }
        let body = Array(#"{"Detach":false,"Tty":\#(tty)\#(size)}"#.utf8)
        let head =
            "POST /v\(version)/exec/\(URLEscaping.path(execID))/start HTTP/1.1\r\n"
            + "Host: docker\r\nUser-Agent: gitspaces\r\nContent-Type: application/json\r\n"
            + "Connection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: \(body.count)\r\n\r\n"
        let host = host
        let deadline = requestTimeout
        let (descriptor, leftover) = try await Self.offThePool {
            try Self.hijack(host: host, request: Array(head.utf8) + body, deadline: deadline, operation: operation)
        }
        return ExecConnection(
            execID: execID, tty: tty, descriptor: descriptor, leftover: leftover, operation: operation)
    }

    /// Sets the size of a running exec's pseudo-terminal (call it after `startExec`, and on every window change).
    package func resizeExec(_ execID: String, rows: Int, columns: Int) async throws {
        _ = try await perform(
            .post(
                "/exec/\(URLEscaping.path(execID))/resize", query: [.init("h", "\(rows)"), .init("w", "\(columns)")]),
            operation: "exec resize \(execID.prefix(12))", accept: [200, 201, 204])
    }

    /// The exit code of an exec whose output has ended (waits briefly for the engine to record it).
    package func execExitCode(_ execID: String) async throws -> Int {
        try await execExitCode(execID, operation: "exec inspect \(execID.prefix(12))")
    }

    /// Runs blocking socket work on a thread of its own rather than on the cooperative pool.
    static func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try work() })
            }
        }
    }

    /// Connects, sends `request` and reads the response head (within `deadline`); returns the socket and any
    /// stream bytes that came with the head. The stream itself has no deadline.
    static func hijack(host: DockerHost, request: [UInt8], deadline: Duration, operation: String) throws
        -> (Int32, [UInt8])
    {
        let descriptor = try connectSocket(host, operation: operation)
        do {
            try setReceiveTimeout(descriptor, deadline, operation: operation)
            try sendAll(descriptor, request, operation: operation)
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            let separator: [UInt8] = Array("\r\n\r\n".utf8)
            var headEnd: Int?
            while headEnd == nil {
                let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
                if count < 0 && errno == EINTR { continue }
                if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                    throw EngineError(
                        .timeout, message: "the Docker Engine at \(host) did not answer within \(deadline)",
                        operation: operation)
                }
                guard count > 0 else {
                    throw EngineError(
                        .protocolError, message: "the engine closed the connection before answering",
                        operation: operation)
                }
                received += buffer[0..<count]
                headEnd = received.firstRange(of: separator)?.upperBound
                if headEnd == nil && received.count > 64 * 1024 {
                    throw EngineError(
                        .protocolError, message: "the engine's answer has no end of head", operation: operation)
                }
            }
            let end = headEnd!
            let (status, headers) = try DirectAnswer.head(received[..<end], operation: operation)
            var rest = Array(received[end...])
            // 101 Switching Protocols, or 200 from engines that answer with the raw stream without upgrading.
            guard status == 101 || status == 200 else {
                let length = headers.first { $0.name == "content-length" }.flatMap { Int($0.value) }
                rest += readErrorBody(descriptor, length: length, already: rest.count)
                throw error(status: status, bytes: rest, operation: operation)
            }
            try setReceiveTimeout(descriptor, nil, operation: operation)
            return (descriptor, rest)
        } catch {
            _ = close(descriptor)
            throw error
        }
    }

    /// Writes all of `bytes` to the connected `descriptor`.
    static func sendAll(_ descriptor: Int32, _ bytes: [UInt8], operation: String) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 && errno == EINTR { continue }
            guard sent > 0 else { throw socketFailure("sending the request", operation: operation) }
            offset += sent
        }
    }

    /// Bounds each receive on `descriptor` by `timeout`; `nil` removes the bound.
    static func setReceiveTimeout(_ descriptor: Int32, _ timeout: Duration?, operation: String) throws {
        let seconds = timeout?.components.seconds ?? 0
        let microseconds = (timeout?.components.attoseconds ?? 0) / 1_000_000_000_000
        var value = timeval(tv_sec: Int(seconds), tv_usec: Int(microseconds))
        guard setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size)) == 0 else {
            throw socketFailure("setsockopt", operation: operation)
        }
    }

    /// The rest of an error answer's body, as far as its `Content-Length` says (at most 64 KiB).
    private static func readErrorBody(_ descriptor: Int32, length: Int?, already: Int) -> [UInt8] {
        guard let length else { return [] }
        var body: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while already + body.count < min(length, maximumErrorBodySize) {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            body += buffer[0..<count]
        }
        return body
    }

    /// A socket connected to the engine, closed on exec: a child started meanwhile (an `ssh`, a `git`) must not
    /// hold the engine's connection.
    package static func connectSocket(_ host: DockerHost, operation: String) throws -> Int32 {
        switch host {
        case .unix(let path):
            let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard descriptor >= 0 else { throw socketFailure("socket", operation: operation) }
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            let bytes = Array(path.utf8)
            let capacity = MemoryLayout.size(ofValue: address.sun_path)
            guard bytes.count < capacity else {
                _ = close(descriptor)
                throw EngineError(
                    .invalidArgument, message: "the socket path \(path) is too long", operation: operation)
            }
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                raw.copyBytes(from: bytes)
                raw[bytes.count] = 0
            }
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            guard connected == 0 else {
                let failure = unreachableSocket(host, operation: operation)
                _ = close(descriptor)
                throw failure
            }
            return descriptor
        case .tcp(let name, let port):
            if environmentCertificatePath != nil {
                // The hijacked stream is a raw socket: it would speak plain HTTP to a TLS listener.
                throw EngineError(
                    .invalidArgument,
                    message:
                        "an interactive session (exec, ssh) over tcp:// with TLS (DOCKER_CERT_PATH) is not supported yet: reach that engine at a unix:// socket (for a swarm node, set its dev.gitspaces.engine label to one, e.g. through `ssh -L /run/gitspaces/NODE.sock:/var/run/docker.sock NODE`)",
                    operation: operation)
            }
            var hints = addrinfo()
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var list: UnsafeMutablePointer<addrinfo>?
            guard getaddrinfo(name, "\(port)", &hints, &list) == 0, let first = list else {
                throw EngineError(
                    .unreachable, message: "cannot resolve the Docker host \(name)", operation: operation)
            }
            defer { freeaddrinfo(list) }
            var entry: UnsafeMutablePointer<addrinfo>? = first
            while let current = entry {
                let descriptor = socket(
                    current.pointee.ai_family, current.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue),
                    current.pointee.ai_protocol)
                if descriptor >= 0 {
                    if connect(descriptor, current.pointee.ai_addr, current.pointee.ai_addrlen) == 0 {
                        var on: Int32 = 1
                        _ = setsockopt(
                            descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
                        return descriptor
                    }
                    _ = close(descriptor)
                }
                entry = current.pointee.ai_next
            }
            throw unreachableSocket(host, operation: operation)
        }
    }

    private static func unreachableSocket(_ host: DockerHost, operation: String) -> EngineError {
        let reason = String(cString: strerror(errno))
        return EngineError(
            .unreachable,
            message:
                "cannot reach the Docker Engine at \(host) for \(operation) (connect: \(reason)): is dockerd running? start it, or set DOCKER_HOST / --docker-host",
            operation: operation)
    }

    private static func socketFailure(_ what: String, operation: String) -> EngineError {
        EngineError(
            .protocolError, message: "\(what) failed: \(String(cString: strerror(errno)))", operation: operation)
    }
}
