/// The entries of an image's metadata label and the warnings found while reading them.
public struct ImageMetadataParseResult: Sendable, Hashable {
    public var entries: [DevContainerConfig]
    public var warnings: [DevContainerDiagnostic]

    public init(entries: [DevContainerConfig], warnings: [DevContainerDiagnostic]) {
        self.entries = entries
        self.warnings = warnings
    }
}
