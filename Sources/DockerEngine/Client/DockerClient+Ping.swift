internal import AsyncHTTPClient
import NIOHTTP1

extension DockerClient {
    /// The engine's API version from the `Api-Version` header of `GET /_ping`, as the docker CLI negotiates it;
    /// `nil` when the header is missing, unreadable or older than `minimumAPIVersion` (the caller then reads
    /// `GET /version`, which also names the release for the error). `/version` made the engine ask containerd
    /// and run runc for their versions: about 0.1 s of every command's single engine call on a busy host.
    func pingedAPIVersion(operation: String) async throws -> APIVersion? {
        let ping = EngineRequest.get("/_ping").unversioned
        let status: Int
        let header: String?
        if callsDirectly(ping) {
            let answer = try await directCall(ping, operation: operation)
            (status, header) = (answer.status, answer.header("Api-Version"))
        } else {
            let response = try await send(ping, operation: operation)
            (status, header) = (Int(response.status.code), response.headers.first(name: "Api-Version"))
            _ = try await collect(response.body, upTo: 4096, operation: operation)
        }
        guard status == 200, let header, let version = APIVersion(header), version >= Self.minimumAPIVersion
        else { return nil }
        return version
    }
}
