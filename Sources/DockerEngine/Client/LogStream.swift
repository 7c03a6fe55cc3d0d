internal import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// A container's output as `DockerClient.logs` returns it: chunks per stream, demultiplexed for containers
/// without a pseudo-terminal, one raw `stdout` stream for containers with one.
///
/// The request is already answered when the stream is handed out; iterating reads the body as the engine sends
/// it, in the iterating task (no background task). With `follow`, the stream ends when the container stops; cancel
/// the iterating task or stop iterating to close it earlier.
package struct LogStream: AsyncSequence, Sendable {
    package typealias Element = OutputChunk

    let body: HTTPClientResponse.Body
    let multiplexed: Bool
    let operation: String

    package func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(body: body.makeAsyncIterator(), multiplexed: multiplexed, operation: operation)
    }

    /// Reads the next chunk.
    package struct AsyncIterator: AsyncIteratorProtocol {
        var body: HTTPClientResponse.Body.AsyncIterator
        let multiplexed: Bool
        let operation: String
        var demultiplexer = StreamDemultiplexer()
        var pending: [OutputChunk] = []
        var finished = false

        init(body: HTTPClientResponse.Body.AsyncIterator, multiplexed: Bool, operation: String) {
            self.body = body
            self.multiplexed = multiplexed
            self.operation = operation
        }

        package mutating func next() async throws -> OutputChunk? {
            while pending.isEmpty {
                if finished { return nil }
                let buffer: ByteBuffer?
                do {
                    buffer = try await body.next()
                } catch {
                    finished = true
                    throw DockerClient.readFailure(error, reading: "the logs", operation: operation)
                }
                guard let buffer else {
                    finished = true
                    if multiplexed {
                        do {
                            try demultiplexer.finish()
                        } catch {
                            throw DockerClient.readFailure(error, reading: "the logs", operation: operation)
                        }
                    }
                    return nil
                }
                if multiplexed {
                    do {
                        pending = try demultiplexer.feed(buffer.readableBytesView)
                    } catch {
                        finished = true
                        throw DockerClient.readFailure(error, reading: "the logs", operation: operation)
                    }
                } else if buffer.readableBytes > 0 {
                    pending = [OutputChunk(stream: .stdout, bytes: Array(buffer.readableBytesView))]
                }
            }
            return pending.removeFirst()
        }
    }
}

extension DockerClient {
    /// A container's stdout and stderr: what it wrote so far, and with `follow` what it writes until it stops.
    ///
    /// - Parameters:
    ///   - tail: only the last `tail` lines of what was already written; all of it when `nil`.
    /// - Throws: `.notFound` without such a container.
    package func logs(_ container: String, follow: Bool = false, tail: Int? = nil) async throws -> LogStream {
        let operation = "container logs \(container)"
        guard let details = try await inspect(container) else {
            throw EngineError(.notFound, status: 404, message: "No such container: \(container)", operation: operation)
        }
        var query: [EngineRequest.QueryItem] = [.init("stdout", true), .init("stderr", true), .init("follow", follow)]
        query.append(.init("tail", tail.map(String.init) ?? "all"))
        let response = try await send(
            .get("/containers/\(URLEscaping.path(details.id))/logs", query: query), operation: operation)
        guard response.status.code == 200 else { throw await error(from: response, operation: operation) }
        return LogStream(body: response.body, multiplexed: !details.config.tty, operation: operation)
    }
}
