import Foundation
import Logging
import NIOHTTP1

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Short calls on a socket of their own: one connection per call (`Connection: close`), written and read on a
/// thread of its own, with no event loop and no connection pool.
///
/// A command-line run makes a handful of calls and exits. Through AsyncHTTPClient its first call started NIO's
/// threads, a pool and a channel pipeline (5–12 ms before `/_ping` was even sent, most of it Swift's protocol
/// conformance scans over the whole binary); a plain socket is connected in microseconds. Calls whose body is
/// streamed either way (logs, builds, pulls, attach, `wait`) keep using AsyncHTTPClient, which is then started
/// on first use.
extension DockerClient {
    /// Whether `request` goes over a socket of its own: with `directCalls`, for a unix socket or plain TCP, and
    /// a body given as bytes (or none).
    func callsDirectly(_ request: EngineRequest) -> Bool {
        guard directCalls, request.body == nil || request.bodyBytes != nil else { return false }
        if case .tcp = host { return !usesTLS }
        return true
    }

    /// Sends `request` on a socket of its own and reads the whole answer (at most `maximumBodySize`). `deadline`
    /// (else `requestTimeout`) bounds each wait for the engine's bytes, the first one included.
    func directCall(_ request: EngineRequest, operation: String, deadline: Duration? = nil) async throws
        -> DirectAnswer
    {
        let target = try await target(of: request, operation: operation)
        var head = "\(request.method.rawValue) \(target) HTTP/1.1\r\nHost: docker\r\nUser-Agent: gitspaces\r\n"
        if let contentType = request.contentType { head += "Content-Type: \(contentType)\r\n" }
        if let registryAuth = request.registryAuth { head += "X-Registry-Auth: \(registryAuth)\r\n" }
        let body = request.bodyBytes ?? []
        if !body.isEmpty || [.POST, .PUT].contains(request.method) { head += "Content-Length: \(body.count)\r\n" }
        head += "Connection: close\r\n\r\n"
        logger.debug(
            "docker request",
            metadata: [
                "docker.method": "\(request.method.rawValue)", "docker.path": "\(target)",
                "docker.operation": "\(operation)",
            ])
        let host = host
        let timeout = deadline ?? requestTimeout
        let bytes = Array(head.utf8) + body
        let socket = DirectSocket()
        let response = try await withTaskCancellationHandler {
            try await Self.offThePool {
                try socket.exchange(host: host, request: bytes, timeout: timeout, operation: operation)
            }
        } onCancel: {
            socket.cancel()
        }
        try Task.checkCancellation()
        logger.debug(
            "docker response", metadata: ["docker.path": "\(target)", "docker.status": "\(response.status)"])
        return response
    }
}

/// A whole answer read from a socket of its own.
package struct DirectAnswer: Sendable {
    package var status: Int
    /// Header names in lower case, in the order sent.
    package var headers: [(name: String, value: String)]
    package var body: [UInt8]

    /// `body` as UTF-8 text.
    package var text: String { String(decoding: body, as: UTF8.self) }

    /// The value of the first header called `name` (any case).
    package func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name == wanted }?.value
    }

    /// Parses a complete HTTP/1.1 answer, the connection closed after it: the body is chunked, as long as
    /// `Content-Length` says, or everything up to the close.
    package init(
        parsing bytes: [UInt8], limit: Int = DockerClient.maximumBodySize,
        operation: String = "read the engine's answer"
    ) throws {
        func failure(_ message: String) -> EngineError {
            EngineError(.protocolError, message: message, operation: operation)
        }
        guard let headEnd = bytes.firstRange(of: Array("\r\n\r\n".utf8))?.upperBound else {
            throw failure(
                bytes.isEmpty
                    ? "the engine closed the connection before answering" : "the engine's answer has no end of head")
        }
        let (status, headers) = try Self.head(bytes[..<headEnd], operation: operation)
        self.status = status
        self.headers = headers
        body = []
        let rest = bytes[headEnd...]
        if header("transfer-encoding")?.lowercased().contains("chunked") == true {
            body = try Self.dechunked(rest, limit: limit, failure: failure)
        } else if let length = header("content-length") {
            guard let count = Int(length), count >= 0 else { throw failure("unreadable Content-Length \"\(length)\"") }
            guard count <= limit else { throw failure("the engine's answer is larger than \(limit) bytes") }
            guard rest.count >= count else {
                throw failure("the engine's answer ended after \(rest.count) of \(count) bytes")
            }
            body = Array(rest.prefix(count))
        } else {
            guard rest.count <= limit else { throw failure("the engine's answer is larger than \(limit) bytes") }
            body = Array(rest)
        }
    }

    /// The status and headers (names in lower case) of an answer's head, the bytes up to its blank line.
    static func head(_ bytes: ArraySlice<UInt8>, operation: String) throws -> (
        status: Int, headers: [(name: String, value: String)]
    ) {
        func failure(_ message: String) -> EngineError {
            EngineError(.protocolError, message: message, operation: operation)
        }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\r\n")
        let statusLine = lines.first ?? ""
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            throw failure("unreadable status line \"\(statusLine)\"")
        }
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { throw failure("unreadable header line \"\(line)\"") }
            headers.append(
                (line[..<colon].lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        return (status, headers)
    }

    /// A chunked body's data; chunk extensions and trailers are skipped.
    private static func dechunked(_ bytes: ArraySlice<UInt8>, limit: Int, failure: (String) -> EngineError) throws
        -> [UInt8]
    {
        var body: [UInt8] = []
        var index = bytes.startIndex
        let lineEnd: [UInt8] = [13, 10]
        while true {
            guard let end = bytes[index...].firstRange(of: lineEnd) else {
                throw failure("the engine's answer ended inside a chunk header")
            }
            let sizeText =
                String(decoding: bytes[index..<end.lowerBound], as: UTF8.self)
                .split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            guard let size = Int(sizeText, radix: 16), size >= 0 else {
                throw failure("unreadable chunk size \"\(sizeText)\"")
            }
            index = end.upperBound
            if size == 0 { return body }
            guard body.count + size <= limit else { throw failure("the engine's answer is larger than \(limit) bytes") }
            guard bytes.endIndex - index >= size + 2 else { throw failure("the engine's answer ended inside a chunk") }
            body += bytes[index..<(index + size)]
            index += size
            guard bytes[index] == 13, bytes[index + 1] == 10 else { throw failure("a chunk does not end its line") }
            index += 2
        }
    }
}

/// One call's socket, which a cancelled task shuts down so that the blocked read returns.
final class DirectSocket: @unchecked Sendable {
    private let lock = NSLock()
    private var descriptor: Int32 = -1
    private var cancelled = false

    func cancel() {
        lock.withLock {
            cancelled = true
            if descriptor >= 0 { _ = shutdown(descriptor, Int32(SHUT_RDWR)) }
        }
    }

    /// Connects, sends `request`, reads until the engine closes the connection and parses the answer.
    func exchange(host: DockerHost, request: [UInt8], timeout: Duration, operation: String) throws -> DirectAnswer {
        let connected = try DockerClient.connectSocket(host, operation: operation)
        let proceed = lock.withLock {
            descriptor = connected
            return !cancelled
        }
        defer {
            lock.withLock {
                _ = close(connected)
                descriptor = -1
            }
        }
        guard proceed else { throw CancellationError() }
        try DockerClient.setReceiveTimeout(connected, timeout, operation: operation)
        do {
            try DockerClient.sendAll(connected, request, operation: operation)
        } catch {
            // A socket shut down under the send fails it: the caller asked for that.
            if lock.withLock({ cancelled }) { throw CancellationError() }
            throw error
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(connected, $0.baseAddress, $0.count, 0) }
            // A cancelled call's socket is shut down, which ends the read (or fails it).
            if lock.withLock({ cancelled }) { throw CancellationError() }
            if count < 0 && errno == EINTR { continue }
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                throw EngineError(
                    .timeout, message: "the Docker Engine at \(host) did not answer within \(timeout)",
                    operation: operation)
            }
            guard count >= 0 else {
                throw EngineError(
                    .protocolError, message: "reading the engine's answer failed: \(String(cString: strerror(errno)))",
                    operation: operation)
            }
            if count == 0 { break }
            received += buffer[0..<count]
            // The head, chunk framing and a little slack on top of the largest body read.
            guard received.count <= DockerClient.maximumBodySize + 64 * 1024 else {
                throw EngineError(
                    .protocolError, message: "the engine's answer is larger than \(DockerClient.maximumBodySize) bytes",
                    operation: operation)
            }
        }
        return try DirectAnswer(parsing: received, operation: operation)
    }
}
