import Redaction
import Shared

/// The fields of a Gitspace that matter to its container and workspace, as it was (or will be) applied.
///
/// The run state is not part of it (see `ObservedGitspace.running`), nor is where the manifest declared it.
/// Fields fall into three classes, which decide the plan action for a change (see `plan(desired:observed:options:)`):
/// - in place (`update`): `branch`, `hardware.cpus`, `hardware.memory`, `lifecycle` (hooks still to run on
///   a running container: only ever set on an observed spec), and a new size of an existing `hardware.disk`
///   (grown in place; a smaller one is shown as refused, see `changes(from:)`); `dotfiles` (installed at the next
///   start);
/// - container (`replace`): `repo`, `devcontainer`, `image`, `devcontainerConfig` (one entry per changed
///   key of the resolved devcontainer.json), `hardware.disk` added or removed, `hardware.gpus`, `env`,
///   `authorizedKeys`, `credentials`;
/// - metadata (no engine action): `labels`, `owner`, `deletionPolicy`.
package struct ResolvedSpec: Sendable, Hashable, Codable {
    /// The source repository with its credentials masked (`https://***@host/…`): a spec is shown in plans,
    /// labels and status, so a token never enters it. Fetching uses the Gitspace's own `repo`.
    package var repo: String
    /// The branch to check out; nil means the remote's HEAD.
    package var branch: String?
    /// A path to devcontainer.json inside the source repository; nil means the spec's search order.
    package var devcontainer: String?
    /// The container image, once the devcontainer configuration is resolved; nil until then.
    package var image: String?
    /// The resolved devcontainer.json keys that shape the container, each as compact canonical JSON
    /// (`containerEnv` → `{"A":"b"}`), leaving out keys at their default value; nil when there are none.
    /// A new source commit that changes any of them changes the spec hash. Host ports are not in it:
    /// they are allocated when the container is created.
    package var devcontainerConfig: [String: String]?
    /// Lifecycle hooks still to run on the running container, as read from the state directory
    /// (`postCreateCommand pending`); nil when none are. Never part of a desired spec, nor of the hash.
    package var lifecycle: String?
    package var hardware: Hardware
    package var env: [String: String]
    /// Sorted and without duplicates: order and repetition mean nothing in `authorized_keys`.
    package var authorizedKeys: [String]
    /// The name of a host-side secret; never the secret itself.
    package var credentials: String?
    package var deletionPolicy: Gitspace.DeletionPolicy
    package var owner: String?
    package var labels: [String: String]
    /// The dotfiles to install, their URL masked; in place (`update`), applied at the next start; not in the hash.
    package var dotfiles: Dotfiles? = nil

    package init(
        repo: String, branch: String? = nil, devcontainer: String? = nil, image: String? = nil,
        hardware: Hardware = .builtinDefault, env: [String: String] = [:], authorizedKeys: [String] = [],
        credentials: String? = nil, deletionPolicy: Gitspace.DeletionPolicy = .retain, owner: String? = nil,
        labels: [String: String] = [:], devcontainerConfig: [String: String]? = nil, lifecycle: String? = nil
    ) {
        self.repo = Redact.url(repo)
        self.branch = branch
        self.devcontainer = devcontainer
        self.image = image
        self.devcontainerConfig = devcontainerConfig?.isEmpty == true ? nil : devcontainerConfig
        self.lifecycle = lifecycle
        self.hardware = hardware
        self.env = env
        self.authorizedKeys = Array(Set(authorizedKeys)).sorted()
        self.credentials = credentials
        self.deletionPolicy = deletionPolicy
        self.owner = owner
        self.labels = labels
    }

    /// The spec a desired Gitspace resolves to (`image` stays nil until devcontainer resolution fills it).
    package init(_ gitspace: Gitspace) {
        self.init(
            repo: gitspace.repo, branch: gitspace.branch, devcontainer: gitspace.devcontainer, image: nil,
            hardware: gitspace.hardware, env: gitspace.env, authorizedKeys: gitspace.authorizedKeys,
            credentials: gitspace.credentials, deletionPolicy: gitspace.deletionPolicy, owner: gitspace.owner,
            labels: gitspace.labels)
        dotfiles = gitspace.dotfiles?.masked
    }

    /// The value of the `dev.gitspaces.spec-hash` label: the first 16 lowercase hex digits of the SHA-256 of a
    /// canonical, versioned serialization of the container fields (see the type's documentation). Containers
    /// created before this digest carry another one; their observed hash is recomputed from the spec label.
    ///
    /// It changes exactly when the container must be recreated. In-place fields (`branch`, `hardware.cpus`,
    /// `hardware.memory`) are left out on purpose: an engine cannot change a container's labels, so a hash
    /// over them would go stale after every in-place update. Metadata (`labels`, `owner`, `deletionPolicy`)
    /// changes nothing on the engine and is left out too. The result is the same on every run and platform:
    /// map keys are sorted by their UTF-8 bytes and every string is length-prefixed.
    package var hash: String { String(Hashing.sha256Hex(containerCanonicalForm).prefix(16)) }

    /// The container fields as unambiguous bytes, versioned: what `hash` digests.
    var containerCanonicalForm: [UInt8] {
        var writer = CanonicalWriter()
        writer.raw("gitspaces.spec/v1\n")
        writer.field("authorizedKeys", list: authorizedKeys)
        writer.field("credentials", credentials)
        writer.field("devcontainer", devcontainer)
        // Only written when set, so that specs without a devcontainer configuration keep their hash.
        if let devcontainerConfig { writer.field("devcontainerConfig", map: devcontainerConfig) }
        writer.field("disk", hardware.disk.map { String($0.bytes) })
        writer.field("env", map: env)
        writer.field("gpus", String(hardware.gpus))
        writer.field("image", image)
        writer.field("repo", repo)
        return writer.bytes
    }
}

/// Builds the unambiguous byte form hashed by `ResolvedSpec.hash`.
struct CanonicalWriter {
    private(set) var bytes: [UInt8] = []

    mutating func raw(_ text: String) { bytes += text.utf8 }

    mutating func string(_ text: String) {
        raw("\(text.utf8.count):")
        raw(text)
    }

    mutating func field(_ key: String, _ value: String?) {
        raw("\(key)=")
        if let value { string(value) } else { raw("~") }
        raw("\n")
    }

    mutating func field(_ key: String, list: [String]) {
        raw("\(key)=[\(list.count)]")
        for item in list.sorted(by: Self.utf8Less) { string(item) }
        raw("\n")
    }

    mutating func field(_ key: String, map: [String: String]) {
        raw("\(key)={\(map.count)}")
        for (name, value) in map.sorted(by: { Self.utf8Less($0.key, $1.key) }) {
            string(name)
            string(value)
        }
        raw("\n")
    }

    static func utf8Less(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }
}
