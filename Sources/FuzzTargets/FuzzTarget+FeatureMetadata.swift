import DevContainer

extension FuzzTarget {
    /// Reads `bytes` as a Feature's `devcontainer-feature.json`.
    static func featureMetadata(_ bytes: [UInt8]) {
        do {
            let (metadata, warnings) = try FeatureMetadata.parse(bytes: bytes, file: "devcontainer-feature.json")
            _ = warnings.map(\.description)
            for option in metadata.options { _ = metadata.option(option.name) }
        } catch {
            _ = error.description
        }
    }
}
