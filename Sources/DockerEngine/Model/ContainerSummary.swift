package import Foundation

/// One container as `GET /containers/json` lists it.
package struct ContainerSummary: Sendable, Hashable, Decodable {
    /// The full container ID.
    package var id: String
    /// Names without the engine's leading `/`.
    package var names: [String]
    /// The image as given at creation.
    package var image: String
    /// The image's ID (`sha256:…`).
    package var imageID: String
    /// The command line, as one string.
    package var command: String
    /// When the container was created (second precision).
    package var created: Date
    /// `created`, `running`, `paused`, `restarting`, `removing`, `exited` or `dead`.
    package var state: String
    /// A human summary such as `Up 3 minutes` or `Exited (0) 2 seconds ago`.
    package var status: String
    /// The container's labels.
    package var labels: [String: String]

    /// The first name, which is the container's own (others are legacy links).
    package var name: String { names.first ?? id }

    enum CodingKeys: String, CodingKey {
        case id = "Id"
        case names = "Names"
        case image = "Image"
        case imageID = "ImageID"
        case command = "Command"
        case created = "Created"
        case state = "State"
        case status = "Status"
        case labels = "Labels"
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        names = (try container.decodeIfPresent([String].self, forKey: .names) ?? []).map(stripSlash)
        image = try container.decodeIfPresent(String.self, forKey: .image) ?? ""
        imageID = try container.decodeIfPresent(String.self, forKey: .imageID) ?? ""
        command = try container.decodeIfPresent(String.self, forKey: .command) ?? ""
        created = Date(
            timeIntervalSince1970: TimeInterval(try container.decodeIfPresent(Int64.self, forKey: .created) ?? 0))
        state = try container.decodeIfPresent(String.self, forKey: .state) ?? ""
        status = try container.decodeIfPresent(String.self, forKey: .status) ?? ""
        labels = try container.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
    }
}

/// `"/gitspace-x"` → `"gitspace-x"`.
func stripSlash(_ name: String) -> String {
    name.hasPrefix("/") ? String(name.dropFirst()) : name
}
