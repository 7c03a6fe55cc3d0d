internal import AsyncHTTPClient
import NIOCore
import NIOHTTP1

extension DockerClient {
    /// Extracts a tar archive into the folder `path` of a container (`PUT /containers/{id}/archive`); the container
    /// need not run. How a workspace reaches a named volume on a swarm node: through a helper container mounting it.
    package func putArchive(_ idOrName: String, path: String, tar: [UInt8]) async throws {
        var request = EngineRequest(
            method: .PUT, path: "/containers/\(URLEscaping.path(idOrName))/archive", query: [.init("path", path)])
        request.body = .bytes(ByteBuffer(bytes: tar))
        request.contentType = "application/x-tar"
        _ = try await perform(request, operation: "archive put \(idOrName):\(path)", accept: [200])
    }

    /// `path` of a container as a tar archive (`GET /containers/{id}/archive`), at most `limit` bytes.
    package func getArchive(_ idOrName: String, path: String, limit: Int = 32 << 20) async throws -> [UInt8] {
        let operation = "archive get \(idOrName):\(path)"
        let response = try await send(
            .get("/containers/\(URLEscaping.path(idOrName))/archive", query: [.init("path", path)]),
            operation: operation)
        guard response.status.code == 200 else { throw await error(from: response, operation: operation) }
        return Array(try await collect(response.body, upTo: limit, operation: operation).readableBytesView)
    }
}
