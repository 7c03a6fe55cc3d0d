import DevContainer

extension FuzzTarget {
    /// Reads `bytes` as a devcontainer.json, then as an image's `devcontainer.metadata` label.
    static func devcontainer(_ bytes: [UInt8]) {
        do {
            let result = try DevContainerConfig.parse(bytes: bytes, file: ".devcontainer/devcontainer.json")
            _ = result.warnings.map(\.description)
        } catch {
            _ = error.description
        }
        do {
            let result = try ImageMetadata.parse(label: String(decoding: bytes, as: UTF8.self), image: "fuzz")
            _ = result.warnings.map(\.description)
        } catch {
            _ = error.description
        }
    }
}
