import HTTPTypes
import Hummingbird

/// Answers a request no route takes: 405 when its path is under one of the daemon's endpoints (a wrong method, or a
/// shape the endpoint does not have, such as `GET /hooks/git` or `POST /metrics`), 404 otherwise. The router
/// throws `HTTPError(.notFound)` for both; the answers keep the daemon's plain-text bodies.
struct EndpointFallbackMiddleware: RouterMiddleware {
    typealias Context = DaemonRequestContext

    /// The first path segments the daemon serves.
    let endpoints: Set<String>

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let path = request.uri.path
            let first = path.split(separator: "/").first.map(String.init) ?? ""
            guard endpoints.contains(first) else { return .text(.notFound, "no such endpoint: \(path)") }
            return .text(.methodNotAllowed, "\(request.method) is not allowed on \(path)")
        }
    }
}
