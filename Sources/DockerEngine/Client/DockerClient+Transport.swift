internal import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// One call to the engine, before it becomes an HTTP request.
struct EngineRequest: Sendable {
    var method: HTTPMethod
    /// The path after the version prefix, starting with `/`; components already percent-encoded.
    var path: String
    var query: [QueryItem] = []
    var body: HTTPClientRequest.Body?
    /// `body` as bytes, when it was given as bytes: such a request can go over a socket of its own.
    var bodyBytes: [UInt8]?
    var contentType: String?
    /// `false` for the calls made before the version is known (`/_ping`, `/version`).
    var versioned = true
    /// The `X-Registry-Auth` header (base64url JSON) of a push.
    var registryAuth: String?

    struct QueryItem: Sendable {
        var name: String
        var value: String
    }

    static func get(_ path: String, query: [QueryItem] = []) -> EngineRequest {
        EngineRequest(method: .GET, path: path, query: query)
    }

    static func post(_ path: String, query: [QueryItem] = []) -> EngineRequest {
        EngineRequest(method: .POST, path: path, query: query)
    }

    static func delete(_ path: String, query: [QueryItem] = []) -> EngineRequest {
        EngineRequest(method: .DELETE, path: path, query: query)
    }

    /// Sets a JSON body.
    func json(_ value: some Encodable) throws -> EngineRequest {
        var copy = self
        let data = try JSONEncoder.engine.encode(value)
        copy.body = .bytes(ByteBuffer(bytes: data))
        copy.bodyBytes = Array(data)
        copy.contentType = "application/json"
        return copy
    }
}

extension EngineRequest.QueryItem {
    init(_ name: String, _ value: String) {
        self.init(name: name, value: value)
    }

    init(_ name: String, _ value: Bool) {
        self.init(name: name, value: value ? "1" : "0")
    }

    /// A JSON-encoded value, as the engine takes `filters`, `buildargs` and `labels`.
    init(_ name: String, json value: some Encodable) throws {
        let data = try JSONEncoder.engine.encode(value)
        self.init(name: name, value: String(decoding: data, as: UTF8.self))
    }
}

extension JSONEncoder {
    /// Sorted keys keep requests stable for logs and tests.
    static var engine: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

/// Percent-encoding for one path component or query value.
enum URLEscaping {
    private static let unreserved = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
    private static let pathSafe = unreserved.union(CharacterSet(charactersIn: "/:@"))

    static func query(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value
    }

    /// For names and image references: `/`, `:` and `@` stay (the engine routes `/images/{name:.*}/json`).
    static func path(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: pathSafe) ?? value
    }
}

extension DockerClient {
    /// Largest body read for a non-streaming call.
    static let maximumBodySize = 32 * 1024 * 1024
    /// Largest error body read to find the engine's message.
    static let maximumErrorBodySize = 64 * 1024

    /// Sends `request` and returns once the response head is in; the body is still to be read.
    ///
    /// - Parameters:
    ///   - deadline: how long the engine may take to answer with a head (the body is not bound by it);
    ///     `requestTimeout` when `nil`.
    func send(_ request: EngineRequest, operation: String, deadline: Duration? = nil) async throws
        -> HTTPClientResponse
    {
        let path = try await target(of: request, operation: operation)
        let url: String
        switch host {
        case .unix(let socketPath):
            guard let socketURL = URL(httpURLWithSocketPath: socketPath, uri: path) else {
                throw EngineError(
                    .invalidArgument, message: "cannot build a URL for the socket \(socketPath)", operation: operation)
            }
            url = socketURL.absoluteString
        case .tcp(let hostName, let port):
            let scheme = usesTLS ? "https" : "http"
            url =
                hostName.contains(":")
                ? "\(scheme)://[\(hostName)]:\(port)\(path)" : "\(scheme)://\(hostName):\(port)\(path)"
        }
        var httpRequest = HTTPClientRequest(url: url)
        httpRequest.method = request.method
        httpRequest.headers.add(name: "Host", value: "docker")
        httpRequest.headers.add(name: "User-Agent", value: "gitspaces")
        if let contentType = request.contentType {
            httpRequest.headers.add(name: "Content-Type", value: contentType)
        }
        if let registryAuth = request.registryAuth {
            httpRequest.headers.add(name: "X-Registry-Auth", value: registryAuth)
        }
        httpRequest.body = request.body
        logger.debug(
            "docker request",
            metadata: [
                "docker.method": "\(request.method.rawValue)", "docker.path": "\(path)",
                "docker.operation": "\(operation)",
            ])
        do {
            let response = try await httpClient.execute(httpRequest, timeout: TimeAmount(deadline ?? requestTimeout))
            logger.debug(
                "docker response",
                metadata: ["docker.path": "\(path)", "docker.status": "\(response.status.code)"])
            return response
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            throw EngineError(
                .timeout, message: "the Docker Engine at \(host) did not answer within \(deadline ?? requestTimeout)",
                operation: operation, cause: error)
        } catch let error as HTTPClientError where error == .cancelled {
            throw CancellationError()
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw unreachable(operation: operation, cause: error)
        }
    }

    /// The request target: the versioned path and the query.
    func target(of request: EngineRequest, operation: String) async throws -> String {
        var path = request.path
        if request.versioned {
            path = "/v\(try await apiVersion(for: operation))" + path
        }
        if !request.query.isEmpty {
            path +=
                "?"
                + request.query.map { "\(URLEscaping.query($0.name))=\(URLEscaping.query($0.value))" }
                .joined(separator: "&")
        }
        return path
    }

    /// The one-line error for an engine that cannot be reached.
    func unreachable(operation: String, cause: any Error) -> EngineError {
        var reason = "\(cause)"
        var hint = "is dockerd running? start it, or set DOCKER_HOST / --docker-host"
        if let ioError = cause as? IOError {
            reason = "connect: \(String(cString: strerror(ioError.errnoCode)))"
            if ioError.errnoCode == EACCES {
                hint = "run as root or as a member of the docker group, or set DOCKER_HOST / --docker-host"
            }
        }
        return EngineError(
            .unreachable, message: "cannot reach the Docker Engine at \(host) for \(operation) (\(reason)): \(hint)",
            operation: operation, cause: cause)
    }

    /// Sends `request`, reads the whole body (at most `maximumBodySize`) and turns a status outside `accept` into
    /// an `EngineError` carrying the engine's message.
    func perform(
        _ request: EngineRequest, operation: String, accept: Set<Int> = [200, 201, 204], deadline: Duration? = nil
    ) async throws -> (status: Int, body: ByteBuffer) {
        if callsDirectly(request) {
            let response = try await directCall(request, operation: operation, deadline: deadline)
            guard accept.contains(response.status) else {
                throw Self.error(
                    status: response.status, bytes: Array(response.body.prefix(Self.maximumErrorBodySize)),
                    operation: operation)
            }
            return (response.status, ByteBuffer(bytes: response.body))
        }
        let response = try await send(request, operation: operation, deadline: deadline)
        let status = Int(response.status.code)
        guard accept.contains(status) else {
            throw await error(from: response, operation: operation)
        }
        return (status, try await collect(response.body, upTo: Self.maximumBodySize, operation: operation))
    }

    /// `perform` and decode the body as JSON.
    func performJSON<T: Decodable>(
        _ type: T.Type, _ request: EngineRequest, operation: String, accept: Set<Int> = [200, 201]
    ) async throws -> T {
        let (_, body) = try await perform(request, operation: operation, accept: accept)
        return try decode(type, from: body, operation: operation)
    }

    func collect(_ body: HTTPClientResponse.Body, upTo limit: Int, operation: String) async throws -> ByteBuffer {
        do {
            return try await body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw EngineError(
                .protocolError, message: "the engine's answer is larger than \(limit) bytes", operation: operation)
        } catch {
            throw Self.readFailure(error, reading: "the engine's answer", operation: operation)
        }
    }

    /// What an error thrown while reading a response body becomes: cancellation stays cancellation, our own
    /// errors pass through, anything else is a `.protocolError` (the connection broke mid-answer).
    static func readFailure(_ error: any Error, reading what: String, operation: String) -> any Error {
        switch error {
        case is EngineError, is CancellationError:
            return error
        case let error as HTTPClientError where error == .cancelled:
            return CancellationError()
        case let error as StreamDemultiplexer.FramingError:
            return EngineError(.protocolError, message: "\(what): \(error)", operation: operation, cause: error)
        default:
            return EngineError(
                .protocolError, message: "reading \(what) failed: \(error)", operation: operation, cause: error)
        }
    }

    func decode<T: Decodable>(_ type: T.Type, from body: ByteBuffer, operation: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(body.readableBytesView))
        } catch {
            let excerpt = String(decoding: body.readableBytesView.prefix(200), as: UTF8.self)
            throw EngineError(
                .protocolError, message: "unreadable answer from the engine (\(error)): \(excerpt)",
                operation: operation, cause: error)
        }
    }

    /// Reads the body of a failed response for the engine's `message`.
    func error(from response: HTTPClientResponse, operation: String) async -> EngineError {
        let body = (try? await response.body.collect(upTo: Self.maximumErrorBodySize)) ?? ByteBuffer()
        return Self.error(status: Int(response.status.code), body: body, operation: operation)
    }

    static func error(status: Int, body: ByteBuffer, operation: String) -> EngineError {
        error(status: status, bytes: Array(body.readableBytesView), operation: operation)
    }

    /// An error from a failed response's status and body (JSON `{"message": …}`, or plain text).
    static func error(status: Int, bytes: [UInt8], operation: String) -> EngineError {
        struct Message: Decodable {
            var message: String
        }
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let message =
            (try? JSONDecoder().decode(Message.self, from: Data(bytes)))?.message
            ?? (text.isEmpty ? HTTPResponseStatus(statusCode: status).reasonPhrase : text)
        let code: EngineError.Code =
            switch status {
            case 304: .notModified
            case 401, 403: .forbidden
            case 404: .notFound
            case 409: .conflict
            case 400..<500: .badRequest
            case 500...: Self.isGPUDriverMessage(message) ? .noGPURuntime : .server
            default: .protocolError
            }
        return EngineError(code, status: status, message: message, operation: operation)
    }

    /// The engine's answer to a GPU device request it has no driver for.
    static func isGPUDriverMessage(_ message: String) -> Bool {
        message.contains("could not select device driver")
    }
}
