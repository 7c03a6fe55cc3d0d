package import Shared

/// A devcontainer.json as written (or one entry of an image's `devcontainer.metadata` label):
/// typed, validated, variables not yet substituted. Every value's position is kept for messages.
package struct DevContainerConfig: Sendable, Hashable {
    /// The image used when a repository has no devcontainer.json.
    package static let defaultImage = "gitspaces/devbase:bookworm"

    /// Repository-relative path of the file (or a description of the label it came from).
    package var file: String
    package var name: String?
    /// The image to run (image-based configs).
    package var image: String?
    /// How to build the image (Dockerfile-based configs).
    package var build: BuildSpec?
    package var containerEnv: [String: String] = [:]
    /// A nil value unsets the variable for remote processes.
    package var remoteEnv: [String: String?] = [:]
    package var containerUser: String?
    package var remoteUser: String?
    package var updateRemoteUserUID: Bool?
    package var userEnvProbe: String?
    package var workspaceFolder: String?
    package var workspaceMount: DevContainerMount?
    package var mounts: [DevContainerMount] = []
    package var forwardPorts: [ForwardPort] = []
    package var appPort: [AppPort] = []
    /// Kept opaque, per port key.
    package var portsAttributes: [String: JSONTree] = [:]
    package var otherPortsAttributes: JSONTree?
    /// The raw `runArgs`, and what they map to.
    package var runArgs: [String] = []
    package var runOptions = RunOptions()
    package var privileged: Bool?
    /// The `init` property.
    package var initProcess: Bool?
    /// Capability names, normalised (`SYS_PTRACE`).
    package var capAdd: [String] = []
    package var securityOpt: [String] = []
    package var overrideCommand: Bool?
    package var shutdownAction: String?
    package var waitFor: String?
    package var hostRequirements: HostRequirements?
    /// The features asked for, in source order (not installed yet: see the design note).
    package var features: [DevContainerFeature] = []
    /// The `features` entries as written, with their positions (for ``FeatureRequest/read(_:)``).
    package var featureMembers: [JSONMember] = []
    /// `overrideFeatureInstallOrder`: feature ids installed first, in this order.
    package var overrideFeatureInstallOrder: [String] = []
    /// Tool-specific settings, opaque, per tool.
    package var customizations: [String: JSONTree] = [:]
    package var lifecycle: [LifecycleHook: LifecycleCommand] = [:]
    /// Image metadata only: a feature's entrypoint.
    package var entrypoint: String?
    /// Image metadata only: the feature id an entry came from.
    package var id: String?
    /// Properties this reader does not know: kept, ignored, reported as warnings.
    package var unknownProperties: [JSONMember] = []
    /// Where each value sits, by property path (`containerEnv.PATH`, `mounts[1]`).
    var marks: [String: JSONMark] = [:]
    /// For an image metadata entry: its position in the label's array.
    var metadataIndex: Int?

    package init(file: String) {
        self.file = file
    }

    /// The file name diagnostics give the built-in default.
    package static let builtinDefaultFile = "(built-in default devcontainer.json)"

    /// The configuration used when a repository has no devcontainer.json: ``defaultImage`` and defaults.
    package static func builtinDefault() -> DevContainerConfig {
        var config = DevContainerConfig(file: builtinDefaultFile)
        config.image = defaultImage
        return config
    }

    /// Where `property` is written: its own position, else the nearest enclosing property's.
    package func source(of property: String) -> DevContainerSource {
        var path = Substring(property)
        while !path.isEmpty {
            if let mark = marks[String(path)] { return DevContainerSource(file: file, mark: mark, property: property) }
            if path.hasSuffix("]"), let open = path.lastIndex(of: "[") {
                path = path[..<open]
            } else if let dot = path.lastIndex(of: ".") {
                path = path[..<dot]
            } else {
                break
            }
        }
        return DevContainerSource(file: file, mark: marks[""], property: property)
    }

    /// True when the image is built from a Dockerfile rather than named.
    package var isDockerfileBased: Bool { build != nil }
}
