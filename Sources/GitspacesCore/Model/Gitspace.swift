/// A wanted development environment, as declared by a `kind: Gitspace` manifest, defaults applied.
public struct Gitspace: Sendable, Hashable {
    public enum RunState: String, Sendable, Hashable, Codable, CaseIterable {
        case running, stopped
    }

    public enum DeletionPolicy: String, Sendable, Hashable, Codable, CaseIterable {
        case retain = "Retain"
        case delete = "Delete"
    }

    /// Where the hardware came from: a profile by name, inline in the manifest, or the default.
    public enum HardwareSource: Sendable, Hashable {
        case profile(String)
        case inline
        case builtinDefault
    }

    public var name: String
    public var labels: [String: String]
    public var repo: String
    /// The branch to check out; nil means the remote's HEAD.
    public var branch: String?
    /// A path to devcontainer.json inside the source repository; nil means the spec's search order.
    public var devcontainer: String?
    public var hardware: Hardware
    public var hardwareSource: HardwareSource
    public var state: RunState
    public var owner: String?
    public var authorizedKeys: [String]
    public var env: [String: String]
    /// The name of a host-side secret used to fetch `repo`; never the secret itself.
    public var credentials: String?
    public var deletionPolicy: DeletionPolicy
    /// Where the manifest declared it (for messages).
    public var location: SourceLocation

    public init(
        name: String, labels: [String: String] = [:], repo: String, branch: String? = nil,
        devcontainer: String? = nil, hardware: Hardware = .builtinDefault,
        hardwareSource: HardwareSource = .builtinDefault, state: RunState = .running, owner: String? = nil,
        authorizedKeys: [String] = [], env: [String: String] = [:], credentials: String? = nil,
        deletionPolicy: DeletionPolicy = .retain, location: SourceLocation = SourceLocation(file: "", line: 0, column: 0)
    ) {
        self.name = name
        self.labels = labels
        self.repo = repo
        self.branch = branch
        self.devcontainer = devcontainer
        self.hardware = hardware
        self.hardwareSource = hardwareSource
        self.state = state
        self.owner = owner
        self.authorizedKeys = authorizedKeys
        self.env = env
        self.credentials = credentials
        self.deletionPolicy = deletionPolicy
        self.location = location
    }
}

/// A named hardware size that Gitspaces refer to by name.
public struct HardwareProfile: Sendable, Hashable {
    public var name: String
    public var hardware: Hardware
    public var location: SourceLocation

    public init(name: String, hardware: Hardware, location: SourceLocation) {
        self.name = name
        self.hardware = hardware
        self.location = location
    }
}

/// The rules a config repository sets for itself (at most one per repository).
public struct Policy: Sendable, Hashable {
    public struct DevcontainerRules: Sendable, Hashable {
        public var allowPrivileged: Bool
        public var allowHostMounts: Bool
        public var allowCapAdd: [String]
        /// Named volumes of devcontainer.json that all Gitspaces of the instance share (one engine volume per
        /// name); any other named volume is the Gitspace's own.
        public var sharedVolumes: [String]
        /// Glob patterns of the feature references a devcontainer.json may use (as written, e.g.
        /// `ghcr.io/devcontainers/features/*`, `./*`); empty allows any.
        public var allowedFeatures: [String]

        public init(
            allowPrivileged: Bool = false, allowHostMounts: Bool = false, allowCapAdd: [String] = [],
            sharedVolumes: [String] = [], allowedFeatures: [String] = []
        ) {
            self.allowPrivileged = allowPrivileged
            self.allowHostMounts = allowHostMounts
            self.allowCapAdd = allowCapAdd
            self.sharedVolumes = sharedVolumes
            self.allowedFeatures = allowedFeatures
        }

        /// Whether a feature reference (as written, and in its canonical form) is allowed.
        public func allowsFeature(_ written: String, canonical: String) -> Bool {
            allowedFeatures.isEmpty
                || allowedFeatures.contains { Glob($0).matches(written) || Glob($0).matches(canonical) }
        }
    }

    public static let defaultMaxDeletions = 10

    public var name: String
    public var maxHardware: HardwareLimits
    /// Glob patterns of allowed repository URLs; empty allows any.
    public var allowedRepos: [String]
    public var devcontainer: DevcontainerRules
    public var maxDeletions: Int
    /// Where it was declared; nil for the built-in policy used when none is declared.
    public var location: SourceLocation?

    public init(
        name: String = "default", maxHardware: HardwareLimits = HardwareLimits(), allowedRepos: [String] = [],
        devcontainer: DevcontainerRules = DevcontainerRules(), maxDeletions: Int = Policy.defaultMaxDeletions,
        location: SourceLocation? = nil
    ) {
        self.name = name
        self.maxHardware = maxHardware
        self.allowedRepos = allowedRepos
        self.devcontainer = devcontainer
        self.maxDeletions = maxDeletions
        self.location = location
    }
}

/// Everything a config revision asks for, validated.
public struct DesiredState: Sendable, Hashable {
    /// Sorted by name.
    public var gitspaces: [Gitspace]
    /// Sorted by name.
    public var profiles: [HardwareProfile]
    public var policy: Policy

    public init(gitspaces: [Gitspace], profiles: [HardwareProfile] = [], policy: Policy = Policy()) {
        self.gitspaces = gitspaces.sorted { $0.name < $1.name }
        self.profiles = profiles.sorted { $0.name < $1.name }
        self.policy = policy
    }
}
