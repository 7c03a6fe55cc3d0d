/// A devcontainer.json that cannot be used: every error found, sorted by position.
public struct DevContainerError: Error, Sendable, Hashable, CustomStringConvertible {
    public var diagnostics: [DevContainerDiagnostic]

    public init(_ diagnostics: [DevContainerDiagnostic]) {
        self.diagnostics = diagnostics.sorted()
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
