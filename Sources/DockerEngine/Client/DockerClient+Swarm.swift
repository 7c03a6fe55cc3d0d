import Foundation

extension DockerClient {
    /// The engine's swarm membership, from `GET /info`.
    package func swarmInfo() async throws -> SwarmInfo {
        struct Info: Decodable {
            var swarm: SwarmInfo

            enum CodingKeys: String, CodingKey {
                case swarm = "Swarm"
            }
        }
        return try await performJSON(Info.self, .get("/info"), operation: "swarm info", accept: [200]).swarm
    }

    /// Every node of the swarm (a manager's call).
    package func listNodes() async throws -> [SwarmNodeDetails] {
        try await performJSON([SwarmNodeDetails].self, .get("/nodes"), operation: "node list", accept: [200])
    }

    /// Inspects a node by id or hostname; `nil` when there is none.
    package func inspectNode(_ id: String) async throws -> SwarmNodeDetails? {
        do {
            return try await performJSON(
                SwarmNodeDetails.self, .get("/nodes/\(URLEscaping.path(id))"), operation: "node inspect \(id)",
                accept: [200])
        } catch let error as EngineError where error.code == .notFound {
            return nil
        }
    }

    /// Sets a node's availability (`active`, `pause`, `drain`) and labels, against `version`.
    package func updateNode(
        _ id: String, version: ObjectVersion, role: String, availability: String, labels: [String: String]
    ) async throws {
        struct Spec: Encodable {
            var role: String
            var availability: String
            var labels: [String: String]

            enum CodingKeys: String, CodingKey {
                case role = "Role"
                case availability = "Availability"
                case labels = "Labels"
            }
        }
        _ = try await perform(
            try EngineRequest.post(
                "/nodes/\(URLEscaping.path(id))/update", query: [.init("version", String(version.index))]
            ).json(Spec(role: role, availability: availability, labels: labels)),
            operation: "node update \(id)", accept: [200])
    }

    /// Lists services carrying all of `labels` (a `nil` value matches any value of that key).
    package func listServices(labels: [String: String?] = [:]) async throws -> [ServiceDetails] {
        var query: [EngineRequest.QueryItem] = []
        if !labels.isEmpty {
            query.append(try .init("filters", json: ["label": Self.labelTerms(labels)]))
        }
        return try await performJSON(
            [ServiceDetails].self, .get("/services", query: query), operation: "service list", accept: [200])
    }

    /// Inspects a service by id or name; `nil` when there is none.
    package func inspectService(_ idOrName: String) async throws -> ServiceDetails? {
        do {
            return try await performJSON(
                ServiceDetails.self, .get("/services/\(URLEscaping.path(idOrName))"),
                operation: "service inspect \(idOrName)", accept: [200])
        } catch let error as EngineError where error.code == .notFound {
            return nil
        }
    }

    /// Creates a service and returns its id.
    ///
    /// - Throws: `.conflict` when a service of that name exists.
    package func createService(_ spec: ServiceSpec) async throws -> String {
        struct Created: Decodable {
            var id: String

            enum CodingKeys: String, CodingKey {
                case id = "ID"
            }
        }
        return try await performJSON(
            Created.self, try EngineRequest.post("/services/create").json(spec),
            operation: "service create \(spec.name)", accept: [201, 200]
        ).id
    }

    /// Replaces a service's spec, made against `version` (its current index, from `inspectService`).
    ///
    /// - Throws: `.server` or `.badRequest` naming an out-of-sequence update when the version is stale.
    package func updateService(_ id: String, version: ObjectVersion, spec: ServiceSpec) async throws {
        _ = try await perform(
            try EngineRequest.post(
                "/services/\(URLEscaping.path(id))/update", query: [.init("version", String(version.index))]
            ).json(spec),
            operation: "service update \(spec.name)", accept: [200])
    }

    /// Removes a service (its tasks' containers go with it); returns `false` when there was none.
    @discardableResult
    package func removeService(_ idOrName: String) async throws -> Bool {
        let (status, _) = try await perform(
            .delete("/services/\(URLEscaping.path(idOrName))"), operation: "service remove \(idOrName)",
            accept: [200, 204, 404])
        return status != 404
    }

    /// The tasks of a service (by id or name), every state, newest first as the manager keeps them.
    package func listTasks(service: String) async throws -> [SwarmTask] {
        try await performJSON(
            [SwarmTask].self,
            .get("/tasks", query: [try .init("filters", json: ["service": [service]])]),
            operation: "task list \(service)", accept: [200])
    }

    /// Every task of the swarm (for the reservations each node carries).
    package func listTasks() async throws -> [SwarmTask] {
        try await performJSON([SwarmTask].self, .get("/tasks"), operation: "task list", accept: [200])
    }
}
