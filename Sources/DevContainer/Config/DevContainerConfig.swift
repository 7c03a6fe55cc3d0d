package import Shared

/// A devcontainer.json as written (or one entry of an image's `devcontainer.metadata` label):
/// typed, validated, variables not yet substituted. Every value's position is kept for messages.
public struct DevContainerConfig: Sendable, Hashable {
    /// The image used when a repository has no devcontainer.json.
    public static let defaultImage = "gitspaces/devbase:bookworm"

    /// Repository-relative path of the file (or a description of the label it came from).
    public var file: String
    public var name: String?
    /// The image to run (image-based configs).
    public var image: String?
    /// How to build the image (Dockerfile-based configs).
    public var build: BuildSpec?
    public var containerEnv: [String: String] = [:]
    /// A nil value unsets the variable for remote processes.
    public var remoteEnv: [String: String?] = [:]
    public var containerUser: String?
    public var remoteUser: String?
    public var updateRemoteUserUID: Bool?
    public var userEnvProbe: String?
    public var workspaceFolder: String?
    public var workspaceMount: DevContainerMount?
    public var mounts: [DevContainerMount] = []
    public var forwardPorts: [ForwardPort] = []
    public var appPort: [AppPort] = []
    /// Kept opaque, per port key.
    package var portsAttributes: [String: JSONTree] = [:]
    package var otherPortsAttributes: JSONTree?
    /// The raw `runArgs`, and what they map to.
    public var runArgs: [String] = []
    public var runOptions = RunOptions()
    public var privileged: Bool?
    /// The `init` property.
    public var initProcess: Bool?
    /// Capability names, normalised (`SYS_PTRACE`).
    public var capAdd: [String] = []
    public var securityOpt: [String] = []
    public var overrideCommand: Bool?
    public var shutdownAction: String?
    public var waitFor: String?
    public var hostRequirements: HostRequirements?
    /// The features asked for, in source order (not installed yet: see the design note).
    public var features: [DevContainerFeature] = []
    /// The `features` entries as written, with their positions (for ``FeatureRequest/read(_:)``).
    public var featureMembers: [JSONMember] = []
    /// `overrideFeatureInstallOrder`: feature ids installed first, in this order.
    public var overrideFeatureInstallOrder: [String] = []
    /// Tool-specific settings, opaque, per tool.
    package var customizations: [String: JSONTree] = [:]
    public var lifecycle: [LifecycleHook: LifecycleCommand] = [:]
    /// Image metadata only: a feature's entrypoint.
    public var entrypoint: String?
    /// Image metadata only: the feature id an entry came from.
    public var id: String?
    /// Properties this reader does not know: kept, ignored, reported as warnings.
    public var unknownProperties: [JSONMember] = []
    /// Where each value sits, by property path (`containerEnv.PATH`, `mounts[1]`).
    var marks: [String: JSONMark] = [:]
    /// For an image metadata entry: its position in the label's array.
    var metadataIndex: Int?

    public init(file: String) {
        self.file = file
    }

    /// The configuration used when a repository has no devcontainer.json: ``defaultImage`` and defaults.
    public static func builtinDefault() -> DevContainerConfig {
        var config = DevContainerConfig(file: "(built-in default devcontainer.json)")
        config.image = defaultImage
        return config
    }

    /// Where `property` is written: its own position, else the nearest enclosing property's.
    public func source(of property: String) -> DevContainerSource {
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
    public var isDockerfileBased: Bool { build != nil }
}
