/// A named volume as `GET /volumes/NAME` (or the volume list) shows it.
package struct VolumeDetails: Sendable, Hashable, Decodable {
    /// The volume's name, unique on the engine.
    package var name: String
    /// `local` for volumes on the engine's own disk.
    package var driver: String
    /// The volume's labels.
    package var labels: [String: String]
    /// Driver options the volume was created with (`type`, `device`, `o` for the local driver).
    package var options: [String: String]

    enum CodingKeys: String, CodingKey {
        case name = "Name"
        case driver = "Driver"
        case labels = "Labels"
        case options = "Options"
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        driver = try container.decodeIfPresent(String.self, forKey: .driver) ?? ""
        labels = try container.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
        options = try container.decodeIfPresent([String: String].self, forKey: .options) ?? [:]
    }
}
