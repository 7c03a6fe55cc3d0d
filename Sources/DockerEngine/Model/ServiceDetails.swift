/// A service as `GET /services/{id}` (or the service list) shows it.
package struct ServiceDetails: Sendable, Hashable, Decodable {
    package var id: String
    /// The version an update of this service must name.
    package var version: ObjectVersion
    package var spec: ServiceSpec
    /// `updating`, `paused`, `completed`, `rollback_started`…, while or after an update; `nil` before any.
    package var updateState: String?
    /// Why an update paused or rolled back.
    package var updateMessage: String?

    enum CodingKeys: String, CodingKey {
        case id = "ID"
        case version = "Version"
        case spec = "Spec"
        case updateStatus = "UpdateStatus"
    }

    private struct UpdateStatus: Decodable {
        var state: String?
        var message: String?

        enum CodingKeys: String, CodingKey {
            case state = "State"
            case message = "Message"
        }
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        version = try container.decode(ObjectVersion.self, forKey: .version)
        spec = try container.decode(ServiceSpec.self, forKey: .spec)
        let status = try container.decodeIfPresent(UpdateStatus.self, forKey: .updateStatus)
        updateState = status?.state
        updateMessage = status?.message
    }
}
