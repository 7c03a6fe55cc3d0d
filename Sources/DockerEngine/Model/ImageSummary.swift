package import Foundation

/// One image as `GET /images/json` lists it.
package struct ImageSummary: Sendable, Hashable, Decodable {
    /// The image ID (`sha256:…`).
    package var id: String
    /// Tags such as `busybox:1`; empty for untagged images.
    package var repoTags: [String]
    /// Labels.
    package var labels: [String: String]
    /// When it was built (second precision).
    package var created: Date
    /// Its size in bytes.
    package var size: Int64

    enum CodingKeys: String, CodingKey {
        case id = "Id"
        case repoTags = "RepoTags"
        case labels = "Labels"
        case created = "Created"
        case size = "Size"
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        // Untagged images list `["<none>:<none>"]` on older engines.
        repoTags = (try container.decodeIfPresent([String].self, forKey: .repoTags) ?? []).filter {
            $0 != "<none>:<none>"
        }
        labels = try container.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
        created = Date(
            timeIntervalSince1970: TimeInterval(try container.decodeIfPresent(Int64.self, forKey: .created) ?? 0))
        size = try container.decodeIfPresent(Int64.self, forKey: .size) ?? 0
    }
}
