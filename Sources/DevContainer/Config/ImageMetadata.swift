/// Reads an image's `devcontainer.metadata` label: a JSON array of metadata entries, or a single
/// entry object (spec "Image Metadata").
package enum ImageMetadata {
    /// The label's name on the image.
    package static let labelName = "devcontainer.metadata"

    /// Parses the label of `image`. Entries come back in label order (base image first).
    package static func parse(label: String, image: String, limits: JSONCLimits = .devcontainer)
        throws(DevContainerError)
        -> ImageMetadataParseResult
    {
        let file = "image \(image) label \(labelName)"
        let document: JSONCDocument
        do {
            document = try JSONC.parse(label, limits: limits)
        } catch {
            throw DevContainerError([DevContainerDiagnostic(.error, file: file, mark: error.mark, error.message)])
        }
        var diagnostics: [DevContainerDiagnostic] = []
        var reader = DevContainerConfigReader(file: file, mode: .imageMetadata)
        for duplicate in document.duplicateKeys {
            reader.warning(
                duplicate.overridden, duplicate.path,
                "\"\(duplicate.path)\" is set more than once; the value at \(duplicate.winner) wins")
        }
        let roots: [JSONValue]
        switch document.root.kind {
        case .array(let items): roots = items
        case .object: roots = [document.root]
        case .null: roots = []
        default:
            throw DevContainerError([
                DevContainerDiagnostic(
                    .error, file: file, mark: document.root.mark,
                    "the \(labelName) label must hold an array of objects or one object, not \(document.root.typeDescription)"
                )
            ])
        }
        var entries: [DevContainerConfig] = []
        for (index, root) in roots.enumerated() {
            var config = reader.read(root)
            config.metadataIndex = index
            entries.append(config)
        }
        diagnostics += reader.diagnostics
        let errors = diagnostics.filter(\.isError)
        guard errors.isEmpty else { throw DevContainerError(errors) }
        return ImageMetadataParseResult(entries: entries, warnings: diagnostics.sorted())
    }
}
