import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A plain-HTTP server on 127.0.0.1 that answers every request with one canned response and records the
/// request heads, for testing how clients react (for example to `401 Unauthorized`).
///
/// One connection at a time, `Connection: close` after each response. Stopped by `stop()` or when released.
public final class StubHTTPServer: @unchecked Sendable {
    /// The port it listens on.
    public let port: Int
    private let listener: Int32
    private let response: [UInt8]
    private let lock = NSLock()
    private var heads: [String] = []
    private var stopped = false
    private let finished = DispatchSemaphore(value: 0)

    /// A `401 Unauthorized` asking for HTTP Basic credentials.
    public static let basicAuthChallenge =
        "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"gitspaces-test\"\r\n"
        + "Content-Length: 0\r\nConnection: close\r\n\r\n"

    /// Starts listening; `response` is sent verbatim (status line, headers, blank line, body).
    public init(response: String) throws {
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
        self.response = Array(response.utf8)
        Thread { [self] in serve() }.start()
    }

    deinit {
        stop()
    }

    /// `http://127.0.0.1:PORT/path`.
    public func url(_ path: String) -> String {
        "http://127.0.0.1:\(port)/\(path)"
    }

    /// The heads (request line and headers) of the requests answered so far, in order.
    public var requests: [String] {
        lock.withLock { heads }
    }

    /// Stops accepting and waits for the serving thread to end; calling it again does nothing.
    public func stop() {
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
            _ = response.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, noSignal) }
            close(connection)
            if lock.withLock({ stopped }) { return }
        }
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
