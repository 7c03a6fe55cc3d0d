import Foundation

/// The OCI image manifest of a devcontainer Feature: a config of media type `application/vnd.devcontainers` and
/// exactly one layer `application/vnd.devcontainers.layer.v1+tar` (plain or gzip tar).
struct FeatureManifest: Sendable {
    static let acceptedMediaType = "application/vnd.oci.image.manifest.v1+json"
    static let configMediaType = "application/vnd.devcontainers"
    static let layerMediaType = "application/vnd.devcontainers.layer.v1+tar"

    /// The layer's digest (`sha256:…`).
    var layerDigest: String
    /// The layer's size as the manifest states it.
    var layerSize: Int

    private struct Document: Decodable {
        var schemaVersion: Int?
        var mediaType: String?
        var config: Descriptor?
        var layers: [Descriptor]?
    }

    private struct Descriptor: Decodable {
        var mediaType: String?
        var digest: String?
        var size: Int?
    }

    /// Reads and checks the manifest.
    ///
    /// - Throws: `invalidManifest` saying which rule the document breaks.
    init(bytes: [UInt8], reference: String) throws(FeatureFetchError) {
        func invalid(_ message: String) -> FeatureFetchError {
            FeatureFetchError(.invalidManifest, message: message, reference: reference)
        }
        guard let document = try? JSONDecoder().decode(Document.self, from: Data(bytes)) else {
            throw invalid("the registry's manifest is not an OCI image manifest (unreadable JSON)")
        }
        if let mediaType = document.mediaType, mediaType != Self.acceptedMediaType {
            throw invalid("the manifest has media type \(mediaType), not \(Self.acceptedMediaType): is this a feature?")
        }
        guard document.schemaVersion == 2 else {
            throw invalid(
                "the manifest has schemaVersion \(document.schemaVersion.map(String.init) ?? "missing"), not 2")
        }
        guard let config = document.config, config.mediaType == Self.configMediaType else {
            throw invalid(
                "the manifest's config has media type \(document.config?.mediaType ?? "missing"), not "
                    + "\(Self.configMediaType): this is an image, not a devcontainer Feature")
        }
        guard let layers = document.layers, layers.count == 1, let layer = layers.first else {
            throw invalid("the manifest has \(document.layers?.count ?? 0) layers; a feature has exactly one")
        }
        guard layer.mediaType == Self.layerMediaType else {
            throw invalid("the layer has media type \(layer.mediaType ?? "missing"), not \(Self.layerMediaType)")
        }
        guard let digest = layer.digest, ContentDigest.isValid(digest) else {
            throw invalid("the layer's digest \(layer.digest ?? "missing") is not sha256:<64 hex digits>")
        }
        layerDigest = digest
        layerSize = layer.size ?? -1
    }
}
