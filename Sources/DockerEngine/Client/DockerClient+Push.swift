internal import AsyncHTTPClient
import NIOHTTP1

extension DockerClient {
    /// Pushes an image (`host/name:tag`) to its registry.
    ///
    /// - Parameter auth: the `X-Registry-Auth` value (base64url of `{"username":…,"password":…}`); none (`{}`) when
    ///   nil, for a registry that asks for no credentials.
    /// - Throws: an `EngineError` with the engine's message, whether it answers with an error status or reports the
    ///   failure inside its `200 OK` stream (an unreachable registry, refused credentials).
    package func pushImage(_ reference: String, auth: String? = nil) async throws {
        let operation = "image push \(reference)"
        let (name, tag) = Self.splitReference(reference)
        var request = EngineRequest.post("/images/\(URLEscaping.path(name))/push", query: [.init("tag", tag)])
        request.registryAuth = auth ?? "e30="
        let response = try await send(request, operation: operation, deadline: Self.streamingHeadDeadline)
        guard response.status.code == 200 else { throw await error(from: response, operation: operation) }
        try await readProgress(response.body, operation: operation) { message in
            if let failure = message.failure {
                throw EngineError(Self.codeForStreamedFailure(failure), message: failure, operation: operation)
            }
        }
    }
}
