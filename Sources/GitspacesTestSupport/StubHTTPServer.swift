import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A plain-HTTP server on 127.0.0.1 that answers every request with one canned response, or with what a handler
/// computes from the request, and records the request heads, for testing how clients react (for example to
/// `401 Unauthorized`).
///
/// One connection at a time, `Connection: close` after each response. Stopped by `stop()` or when released.
package final class StubHTTPServer: @unchecked Sendable {
    /// The port it listens on.
    package let port: Int
    private let listener: Int32
    private let respond: @Sendable (Request) -> [UInt8]
    private let lock = NSLock()
    private var heads: [String] = []
    private var stopped = false
    private let finished = DispatchSemaphore(value: 0)

    /// A `401 Unauthorized` asking for HTTP Basic credentials.
    package static let basicAuthChallenge =
        "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"gitspaces-test\"\r\n"
        + "Content-Length: 0\r\nConnection: close\r\n\r\n"

    /// A request as the handler sees it (the body is not read).
    package struct Request: Sendable {
        /// `GET`, `POST`, …
        package var method: String
        /// The request target: path and query (`/v2/x/manifests/1?a=b`).
        package var path: String
        /// Header values by lower-case name (the last one wins).
        package var headers: [String: String]
    }

    /// A response the handler returns; `Content-Length` and `Connection: close` are added.
    package struct Response: Sendable {
        package var status: Int
        package var headers: [String: String]
        package var body: [UInt8]

        package init(status: Int, headers: [String: String] = [:], body: [UInt8] = []) {
            self.status = status
            self.headers = headers
            self.body = body
        }

        /// A response with a UTF-8 text body.
        package init(status: Int, headers: [String: String] = [:], text: String) {
            self.init(status: status, headers: headers, body: Array(text.utf8))
        }

        var bytes: [UInt8] {
            var head = "HTTP/1.1 \(status) \(status < 400 ? "OK" : "Error")\r\n"
            for (name, value) in headers.sorted(by: { $0.key < $1.key }) { head += "\(name): \(value)\r\n" }
            head += "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
            return Array(head.utf8) + body
        }
    }

    /// Starts listening; `response` is sent verbatim (status line, headers, blank line, body).
    package convenience init(response: String) throws {
        let bytes = Array(response.utf8)
        try self.init(respond: { _ in bytes })
    }

    /// Starts listening; each request is answered with what `handler` returns for it.
    package convenience init(handler: @escaping @Sendable (Request) -> Response) throws {
        try self.init(respond: { handler($0).bytes })
    }

    /// Serves `files` (by request path, query ignored) with `200`, and `404` for any other path.
    package convenience init(files: [String: [UInt8]]) throws {
        try self.init(handler: { request in
            let path = String(request.path.prefix { $0 != "?" })
            guard let body = files[path] else { return Response(status: 404, text: "not found") }
            return Response(status: 200, headers: ["Content-Type": "application/octet-stream"], body: body)
        })
    }

    private init(respond: @escaping @Sendable (Request) -> [UInt8]) throws {
        let descriptor = socket(AF_INET, streamSocketType, 0)
        guard descriptor >= 0 else { throw socketError("socket") }
        var address = loopbackAddress(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ready = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && listen(descriptor, 16) == 0
                    && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard ready else {
            let error = socketError("bind/listen")
            close(descriptor)
            throw error
        }
        listener = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
        self.respond = respond
        Thread { [self] in serve() }.start()
    }

    deinit {
        stop()
    }

    /// `http://127.0.0.1:PORT/path`.
    package func url(_ path: String) -> String {
        "http://127.0.0.1:\(port)/\(path)"
    }

    /// The heads (request line and headers) of the requests answered so far, in order.
    package var requests: [String] {
        lock.withLock { heads }
    }

    /// Stops accepting and waits for the serving thread to end; calling it again does nothing.
    package func stop() {
        let first = lock.withLock {
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        finished.wait()
        close(listener)
    }

    private func serve() {
        defer { finished.signal() }
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else {
                if errno == EINTR { continue }
                return
            }
            let head = readHead(connection)
            lock.withLock { heads.append(head) }
            let response = respond(Self.parse(head))
            _ = response.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, noSignal) }
            close(connection)
            if lock.withLock({ stopped }) { return }
        }
    }

    private static func parse(_ head: String) -> Request {
        let lines = head.split(separator: "\r\n", omittingEmptySubsequences: true)
        let requestLine = lines.first?.split(separator: " ") ?? []
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let value = line[line.index(after: colon)...]
            headers[line[..<colon].lowercased()] = value.trimmingCharacters(in: .whitespaces)
        }
        return Request(
            method: requestLine.first.map(String.init) ?? "",
            path: requestLine.dropFirst().first.map(String.init) ?? "/", headers: headers)
    }

    /// Reads until the blank line that ends the head (the stub ignores any body).
    private func readHead(_ connection: Int32) -> String {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let end: [UInt8] = Array("\r\n\r\n".utf8)
        while received.count < 65_536 {
            let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            received += buffer[..<count]
            if let range = received.firstRange(of: end) {
                received.removeSubrange(range.upperBound...)
                break
            }
        }
        return String(decoding: received, as: UTF8.self)
    }
}

#if os(Linux)
    private let noSignal = Int32(MSG_NOSIGNAL)
#else
    private let noSignal: Int32 = 0
#endif
