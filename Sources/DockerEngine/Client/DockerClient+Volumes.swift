extension DockerClient {
    /// Lists named volumes carrying all of `labels` in one call: a `nil` value matches any value of that key.
    package func listVolumes(labels: [String: String?] = [:]) async throws -> [VolumeDetails] {
        struct Listed: Decodable {
            var volumes: [VolumeDetails]?

            enum CodingKeys: String, CodingKey {
                case volumes = "Volumes"
            }
        }
        var query: [EngineRequest.QueryItem] = []
        if !labels.isEmpty {
            query.append(try .init("filters", json: ["label": Self.labelTerms(labels)]))
        }
        return try await performJSON(
            Listed.self, .get("/volumes", query: query), operation: "volume list", accept: [200]
        ).volumes ?? []
    }

    /// Inspects a volume by name; `nil` when there is none.
    package func inspectVolume(_ name: String) async throws -> VolumeDetails? {
        do {
            return try await performJSON(
                VolumeDetails.self, .get("/volumes/\(URLEscaping.path(name))"), operation: "volume inspect \(name)",
                accept: [200])
        } catch let error as EngineError where error.code == .notFound {
            return nil
        }
    }

    /// Creates a volume with the local driver and no options. The engine returns an existing volume of that name
    /// as it is (its labels unchanged): inspect it to know whose it is.
    @discardableResult
    package func createVolume(name: String, labels: [String: String]) async throws -> VolumeDetails {
        struct Create: Encodable {
            var name: String
            var labels: [String: String]

            enum CodingKeys: String, CodingKey {
                case name = "Name"
                case labels = "Labels"
            }
        }
        return try await performJSON(
            VolumeDetails.self, try EngineRequest.post("/volumes/create").json(Create(name: name, labels: labels)),
            operation: "volume create \(name)", accept: [201, 200])
    }

    /// Removes a volume; returns `false` when there was none.
    ///
    /// - Throws: `.conflict` while a container uses it.
    @discardableResult
    package func removeVolume(_ name: String, force: Bool = false) async throws -> Bool {
        let (status, _) = try await perform(
            .delete("/volumes/\(URLEscaping.path(name))", query: [.init("force", force)]),
            operation: "volume remove \(name)", accept: [204, 404])
        return status != 404
    }
}
