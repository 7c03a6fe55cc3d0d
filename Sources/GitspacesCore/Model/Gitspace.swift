/// A wanted development environment, as declared by a `kind: Gitspace` manifest, defaults applied.
package struct Gitspace: Sendable, Hashable {
    package enum RunState: String, Sendable, Hashable, Codable, CaseIterable {
        case running, stopped
    }

    package enum DeletionPolicy: String, Sendable, Hashable, Codable, CaseIterable {
        case retain = "Retain"
        case delete = "Delete"
    }

    /// Where the hardware came from: a profile by name, inline in the manifest, or the default.
    package enum HardwareSource: Sendable, Hashable {
        case profile(String)
        case inline
        case builtinDefault
    }

    package var name: String
    package var labels: [String: String]
    package var repo: String
    /// The branch to check out; nil means the remote's HEAD.
    package var branch: String?
    /// A path to devcontainer.json inside the source repository; nil means the spec's search order.
    package var devcontainer: String?
    package var hardware: Hardware
    package var hardwareSource: HardwareSource
    package var state: RunState
    package var owner: String?
    package var authorizedKeys: [String]
    package var env: [String: String]
    /// The name of a host-side secret used to fetch `repo`; never the secret itself.
    package var credentials: String?
    package var deletionPolicy: DeletionPolicy
    /// How long it may go without activity before the daemon stops it; nil or zero: never. The manifest's
    /// `spec.idleTimeout`, else the Policy's default. Daemon behaviour: not part of the container's spec.
    package var idleTimeout: IdleTimeout? = nil
    /// The owner's dotfiles to install in the container's home; nil for none.
    package var dotfiles: Dotfiles? = nil
    /// Where the manifest declared it (for messages).
    package var location: SourceLocation

    package init(
        name: String, labels: [String: String] = [:], repo: String, branch: String? = nil,
        devcontainer: String? = nil, hardware: Hardware = .builtinDefault,
        hardwareSource: HardwareSource = .builtinDefault, state: RunState = .running, owner: String? = nil,
        authorizedKeys: [String] = [], env: [String: String] = [:], credentials: String? = nil,
        deletionPolicy: DeletionPolicy = .retain,
        location: SourceLocation = SourceLocation(file: "", line: 0, column: 0)
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
package struct HardwareProfile: Sendable, Hashable {
    package var name: String
    package var hardware: Hardware
    /// The idle timeout of Gitspaces of this profile that set none, over the Policy's; nil: the Policy's.
    package var idleTimeout: IdleTimeout? = nil
    package var location: SourceLocation

    package init(name: String, hardware: Hardware, location: SourceLocation) {
        self.name = name
        self.hardware = hardware
        self.location = location
    }
}

/// The rules a config repository sets for itself (at most one per repository).
package struct Policy: Sendable, Hashable {
    package struct DevcontainerRules: Sendable, Hashable {
        package var allowPrivileged: Bool
        package var allowHostMounts: Bool
        package var allowCapAdd: [String]
        /// Named volumes of devcontainer.json that all Gitspaces of the instance share (one engine volume per
        /// name); any other named volume is the Gitspace's own.
        package var sharedVolumes: [String]
        /// Glob patterns of the feature references a devcontainer.json may use (as written, e.g.
        /// `ghcr.io/devcontainers/features/*`, `./*`); empty allows any.
        package var allowedFeatures: [String]

        package init(
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
        package func allowsFeature(_ written: String, canonical: String) -> Bool {
            allowedFeatures.isEmpty
                || allowedFeatures.contains { Glob($0).matches(written) || Glob($0).matches(canonical) }
        }
    }

    package static let defaultMaxDeletions = 10

    package var name: String
    package var maxHardware: HardwareLimits
    /// Glob patterns of allowed repository URLs; empty allows any.
    package var allowedRepos: [String]
    package var devcontainer: DevcontainerRules
    package var maxDeletions: Int
    /// The idle timeout of Gitspaces that set none (`spec.idleTimeout` of the Policy); nil: never.
    package var idleTimeout: IdleTimeout? = nil
    /// The dotfiles of Gitspaces that set none, by `owner`.
    package var dotfiles: [String: Dotfiles] = [:]
    /// Where it was declared; nil for the built-in policy used when none is declared.
    package var location: SourceLocation?

    package init(
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
package struct DesiredState: Sendable, Hashable {
    /// Sorted by name.
    package var gitspaces: [Gitspace]
    /// Sorted by name.
    package var profiles: [HardwareProfile]
    package var policy: Policy

    package init(gitspaces: [Gitspace], profiles: [HardwareProfile] = [], policy: Policy = Policy()) {
        self.gitspaces = gitspaces.sorted { $0.name < $1.name }
        self.profiles = profiles.sorted { $0.name < $1.name }
        self.policy = policy
    }
}
