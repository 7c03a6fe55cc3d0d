/// The entries of an image's metadata label and the warnings found while reading them.
package struct ImageMetadataParseResult: Sendable, Hashable {
    package var entries: [DevContainerConfig]
    package var warnings: [DevContainerDiagnostic]

    package init(entries: [DevContainerConfig], warnings: [DevContainerDiagnostic]) {
        self.entries = entries
        self.warnings = warnings
    }
}
