extension DevContainerConfig {
    /// Reads a devcontainer.json. Throws every error found (syntax, wrong types, compose-based
    /// configs, refused runArgs); returns the config and its warnings otherwise.
    package static func parse(_ text: String, file: String, limits: JSONCLimits = .devcontainer)
        throws(DevContainerError)
        -> DevContainerParseResult
    {
        try parse(bytes: Array(text.utf8), file: file, limits: limits)
    }

    package static func parse(bytes: [UInt8], file: String, limits: JSONCLimits = .devcontainer)
        throws(DevContainerError)
        -> DevContainerParseResult
    {
        let document: JSONCDocument
        do {
            document = try JSONC.parse(bytes: bytes, limits: limits)
        } catch {
            throw DevContainerError([DevContainerDiagnostic(.error, file: file, mark: error.mark, error.message)])
        }
        return try decode(document, file: file)
    }

    /// Reads an already parsed document.
    package static func decode(_ document: JSONCDocument, file: String) throws(DevContainerError)
        -> DevContainerParseResult
    {
        var reader = DevContainerConfigReader(file: file, mode: .devcontainer)
        let config = reader.read(document)
        let errors = reader.diagnostics.filter(\.isError)
        guard errors.isEmpty else { throw DevContainerError(errors) }
        return DevContainerParseResult(config: config, warnings: reader.diagnostics.sorted())
    }
}
