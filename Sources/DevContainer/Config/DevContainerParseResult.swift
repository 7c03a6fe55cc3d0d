/// A read config and the warnings found while reading it (unknown properties, repeated keys…).
package struct DevContainerParseResult: Sendable, Hashable {
    package var config: DevContainerConfig
    package var warnings: [DevContainerDiagnostic]

    package init(config: DevContainerConfig, warnings: [DevContainerDiagnostic]) {
        self.config = config
        self.warnings = warnings
    }
}
