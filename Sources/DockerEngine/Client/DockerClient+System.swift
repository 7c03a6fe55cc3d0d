import NIOCore

extension DockerClient {
    /// `GET /_ping`: returns when the engine answers `OK`.
    package func ping() async throws {
        let operation = "ping"
        let (_, body) = try await perform(.get("/_ping").unversioned, operation: operation, accept: [200])
        let text = String(decoding: body.readableBytesView, as: UTF8.self)
        guard text.hasPrefix("OK") else {
            throw EngineError(
                .protocolError, status: 200, message: "expected OK, got \"\(text.prefix(100))\"", operation: operation)
        }
    }

    /// `GET /version`: the engine release and API versions (not cached; `apiVersion()` is).
    package func version() async throws -> VersionInfo {
        try await performJSON(VersionInfo.self, .get("/version").unversioned, operation: "version", accept: [200])
    }

    /// `GET /info`: the engine's configuration, including its runtimes.
    package func info() async throws -> SystemInfo {
        try await performJSON(SystemInfo.self, .get("/info"), operation: "info", accept: [200])
    }

    /// Throws `.noGPURuntime` unless the engine has a GPU runtime (`nvidia`).
    package func requireGPURuntime() async throws {
        let info = try await info()
        guard info.hasGPURuntime else {
            let names = info.runtimes.keys.sorted().joined(separator: ", ")
            throw EngineError(
                .noGPURuntime,
                message:
                    "the Docker Engine at \(host) has no GPU runtime (runtimes: \(names.isEmpty ? "none" : names)): install the NVIDIA Container Toolkit there, or ask for no gpus",
                operation: "check GPU runtime")
        }
    }
}

extension EngineRequest {
    var unversioned: EngineRequest {
        var copy = self
        copy.versioned = false
        return copy
    }
}
