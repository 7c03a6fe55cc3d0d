internal import AsyncHTTPClient
import Logging
import NIOCore
import NIOHTTP1

extension DockerClient {
    /// Lists containers carrying all of `labels` in one call: a `nil` value matches any value of that key.
    ///
    /// - Parameter all: include stopped containers (the default); `false` lists running ones only.
    package func list(labels: [String: String?] = [:], all: Bool = true) async throws -> [ContainerSummary] {
        var query = [EngineRequest.QueryItem("all", all)]
        if !labels.isEmpty {
            query.append(try .init("filters", json: ["label": Self.labelTerms(labels)]))
        }
        return try await performJSON(
            [ContainerSummary].self, .get("/containers/json", query: query), operation: "container list",
            accept: [200])
    }

    /// `["k": "v", "k2": nil]` → `["k=v", "k2"]`, the engine's `label` filter terms (sorted, for stable requests).
    static func labelTerms(_ labels: [String: String?]) -> [String] {
        labels.sorted { $0.key < $1.key }.map { key, value in value.map { "\(key)=\($0)" } ?? key }
    }

    /// Inspects a container by ID or name; `nil` when there is none.
    package func inspect(_ idOrName: String) async throws -> ContainerDetails? {
        let operation = "container inspect \(idOrName)"
        do {
            return try await performJSON(
                ContainerDetails.self, .get("/containers/\(URLEscaping.path(idOrName))/json"), operation: operation,
                accept: [200])
        } catch let error as EngineError where error.code == .notFound {
            return nil
        }
    }

    /// Creates a container and returns its ID.
    ///
    /// - Throws: `.conflict` with the engine's message when `name` is taken, `.notFound` when the image is missing.
    @discardableResult
    package func create(name: String?, spec: ContainerSpec) async throws -> String {
        struct Created: Decodable {
            var id: String
            var warnings: [String]?

            enum CodingKeys: String, CodingKey {
                case id = "Id"
                case warnings = "Warnings"
            }
        }
        let operation = "container create \(name ?? spec.image)"
        var query: [EngineRequest.QueryItem] = []
        if let name { query.append(.init("name", name)) }
        let created = try await performJSON(
            Created.self, try EngineRequest.post("/containers/create", query: query).json(spec), operation: operation,
            accept: [201, 200])
        if let warnings = created.warnings, !warnings.isEmpty {
            logger.info(
                "engine warnings on container create",
                metadata: ["docker.container": "\(created.id)", "docker.warnings": "\(warnings)"])
        }
        return created.id
    }

    /// Starts a container; one already running is fine.
    ///
    /// - Throws: `.noGPURuntime` when it asks for GPUs the engine has no driver for.
    package func start(_ idOrName: String) async throws {
        _ = try await perform(
            .post("/containers/\(URLEscaping.path(idOrName))/start"), operation: "container start \(idOrName)",
            accept: [204, 304])
    }

    /// Stops a container: SIGTERM (or its stop signal), then SIGKILL after `timeout` seconds (the engine's
    /// default, 10 s, when `nil`); one already stopped is fine.
    package func stop(_ idOrName: String, timeout: Int? = nil) async throws {
        var query: [EngineRequest.QueryItem] = []
        if let timeout { query.append(.init("t", String(timeout))) }
        _ = try await perform(
            .post("/containers/\(URLEscaping.path(idOrName))/stop", query: query),
            operation: "container stop \(idOrName)", accept: [204, 304],
            deadline: requestTimeout + .seconds(timeout ?? 10))
    }

    /// Removes a container; returns `false` when there was none (removing is idempotent).
    ///
    /// - Parameters:
    ///   - force: kill it first if it runs.
    ///   - volumes: also remove its anonymous volumes.
    @discardableResult
    package func remove(_ idOrName: String, force: Bool = false, volumes: Bool = false) async throws -> Bool {
        let (status, _) = try await perform(
            .delete("/containers/\(URLEscaping.path(idOrName))", query: [.init("force", force), .init("v", volumes)]),
            operation: "container remove \(idOrName)", accept: [204, 200, 404])
        return status != 404
    }

    /// Changes resource limits in place, without a restart; `nil` leaves a value as it is.
    ///
    /// Raising `memory` above the current `memorySwap` needs `memorySwap` too (the engine refuses otherwise).
    package func update(
        _ idOrName: String, nanoCPUs: Int64? = nil, memory: Int64? = nil, memorySwap: Int64? = nil,
        pidsLimit: Int64? = nil
    ) async throws {
        struct Update: Encodable {
            var nanoCPUs: Int64?
            var memory: Int64?
            var memorySwap: Int64?
            var pidsLimit: Int64?

            enum CodingKeys: String, CodingKey {
                case nanoCPUs = "NanoCpus"
                case memory = "Memory"
                case memorySwap = "MemorySwap"
                case pidsLimit = "PidsLimit"
            }
        }
        let body = Update(nanoCPUs: nanoCPUs, memory: memory, memorySwap: memorySwap, pidsLimit: pidsLimit)
        _ = try await perform(
            try EngineRequest.post("/containers/\(URLEscaping.path(idOrName))/update").json(body),
            operation: "container update \(idOrName)", accept: [200])
    }

    /// Waits until a container stops and returns its exit code (unbounded: cancel the task to give up).
    package func wait(_ idOrName: String) async throws -> Int {
        struct Waited: Decodable {
            var statusCode: Int

            enum CodingKeys: String, CodingKey {
                case statusCode = "StatusCode"
            }
        }
        let operation = "container wait \(idOrName)"
        let response = try await send(
            .post("/containers/\(URLEscaping.path(idOrName))/wait"), operation: operation)
        guard response.status.code == 200 else { throw await error(from: response, operation: operation) }
        let body = try await collect(response.body, upTo: Self.maximumErrorBodySize, operation: operation)
        return try decode(Waited.self, from: body, operation: operation).statusCode
    }
}
