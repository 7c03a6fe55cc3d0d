/// A devcontainer.json that cannot be used: every error found, sorted by position.
package struct DevContainerError: Error, Sendable, Hashable, CustomStringConvertible {
    package var diagnostics: [DevContainerDiagnostic]

    package init(_ diagnostics: [DevContainerDiagnostic]) {
        self.diagnostics = diagnostics.sorted()
    }

    package var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
