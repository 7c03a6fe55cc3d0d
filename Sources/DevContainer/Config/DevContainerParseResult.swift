/// A read config and the warnings found while reading it (unknown properties, repeated keys…).
public struct DevContainerParseResult: Sendable, Hashable {
    public var config: DevContainerConfig
    public var warnings: [DevContainerDiagnostic]

    public init(config: DevContainerConfig, warnings: [DevContainerDiagnostic]) {
        self.config = config
        self.warnings = warnings
    }
}
