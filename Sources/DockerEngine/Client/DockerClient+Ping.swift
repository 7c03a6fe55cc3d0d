internal import AsyncHTTPClient
import NIOHTTP1

extension DockerClient {
    /// The engine's API version from the `Api-Version` header of `GET /_ping`, as the docker CLI negotiates it;
    /// `nil` when the header is missing, unreadable or older than `minimumAPIVersion` (the caller then reads
    /// `GET /version`, which also names the release for the error). `/version` made the engine ask containerd
    /// and run runc for their versions: about 0.1 s of every command's single engine call on a busy host.
    func pingedAPIVersion(operation: String) async throws -> APIVersion? {
        let ping = EngineRequest.get("/_ping").unversioned
        if callsDirectly(ping) {
            let response = try await directCall(ping, operation: operation)
            guard response.status == 200, let header = response.header("Api-Version"),
                let version = APIVersion(header), version >= Self.minimumAPIVersion
            else { return nil }
            return version
        }
        let response = try await send(ping, operation: operation)
        let header = response.headers.first(name: "Api-Version")
        _ = try await collect(response.body, upTo: 4096, operation: operation)
        guard response.status.code == 200, let header, let version = APIVersion(header),
            version >= Self.minimumAPIVersion
        else { return nil }
        return version
    }
}
