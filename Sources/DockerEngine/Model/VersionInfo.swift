/// The engine's `GET /version` answer.
package struct VersionInfo: Sendable, Hashable, Decodable {
    /// The engine release, for example `20.10.24+dfsg1`.
    package var version: String
    /// The newest API version the engine speaks, for example `1.41`.
    package var apiVersion: String
    /// The oldest API version the engine accepts.
    package var minAPIVersion: String?
    /// `linux` or `windows`.
    package var os: String?
    /// `amd64`, `arm64`, …
    package var arch: String?
    /// The host kernel.
    package var kernelVersion: String?

    enum CodingKeys: String, CodingKey {
        case version = "Version"
        case apiVersion = "ApiVersion"
        case minAPIVersion = "MinAPIVersion"
        case os = "Os"
        case arch = "Arch"
        case kernelVersion = "KernelVersion"
    }
}
