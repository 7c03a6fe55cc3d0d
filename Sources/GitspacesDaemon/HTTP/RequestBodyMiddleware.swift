import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Reads every request's body before routing, keeps it in the context's `rawBody`, and answers 413 when it is
/// larger than the limit (announced by `Content-Length` or not). An oversized body is still read to its end before
/// the answer, so a client that writes all of it first gets the 413 rather than a reset connection.
struct RequestBodyMiddleware: RouterMiddleware {
    typealias Context = DaemonRequestContext

    /// The most bytes a body may have.
    let limit: Int
    let logger: Logger

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var request = request
        var context = context
        var body = ByteBuffer()
        var tooLarge = (request.headers[.contentLength].flatMap { Int($0) } ?? 0) > limit
        for try await part in request.body {
            guard !tooLarge else { continue }
            if body.readableBytes + part.readableBytes > limit {
                tooLarge = true
                body = ByteBuffer()
            } else {
                body.writeImmutableBuffer(part)
            }
        }
        if tooLarge {
            logger.warning(
                "request body over the limit", metadata: ["remote": "\(context.remote)", "limit": "\(limit)"])
            return .text(.contentTooLarge, "the body is larger than \(limit) bytes")
        }
        request.body = RequestBody(buffer: body)
        context.rawBody = body
        return try await next(request, context)
    }
}
