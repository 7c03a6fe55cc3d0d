/// The engine's `GET /version` answer.
public struct VersionInfo: Sendable, Hashable, Decodable {
    /// The engine release, for example `20.10.24+dfsg1`.
    public var version: String
    /// The newest API version the engine speaks, for example `1.41`.
    public var apiVersion: String
    /// The oldest API version the engine accepts.
    public var minAPIVersion: String?
    /// `linux` or `windows`.
    public var os: String?
    /// `amd64`, `arm64`, …
    public var arch: String?
    /// The host kernel.
    public var kernelVersion: String?

    enum CodingKeys: String, CodingKey {
        case version = "Version"
        case apiVersion = "ApiVersion"
        case minAPIVersion = "MinAPIVersion"
        case os = "Os"
        case arch = "Arch"
        case kernelVersion = "KernelVersion"
    }
}
