import GitspacesCore
import Reconciler
import Redaction

/// A Gitspace's resolved spec as the dashboard shows it: display strings only, with no secret in them (the
/// repository's credentials masked, secret-looking env values hidden, `credentials` by name only).
package struct DashboardSpec: Sendable, Hashable {
    /// One line of the spec table.
    package struct Field: Sendable, Hashable {
        package var name: String
        package var value: String
    }

    package var name: String
    package var owner: String?
    /// The source repository, credentials masked.
    package var repo: String
    package var branch: String?
    /// `2 cpus, 4Gi memory, 16Gi disk`.
    package var hardware: String
    /// Where the workspace appears in the container (`/workspaces/<repo>`, or the devcontainer's
    /// `workspaceFolder`).
    package var workspaceFolder: String
    package var labels: [String: String]
    /// Every field in manifest order, for the Gitspace's page.
    package var fields: [Field]

    /// The spec of a declared Gitspace (with the image and devcontainer keys of what runs, when observed), or of
    /// one that only exists on the engine; nil when neither is known.
    init?(gitspace: Gitspace?, observed: ObservedGitspace?) {
        guard let name = gitspace?.name ?? observed?.name else { return nil }
        guard let spec = gitspace.map({ ResolvedSpec($0) }) ?? observed?.spec else { return nil }
        self.name = name
        owner = spec.owner
        repo = Redact.url(spec.repo)
        branch = spec.branch
        hardware = Self.describe(spec.hardware)
        labels = spec.labels
        let running = observed?.spec
        workspaceFolder =
            Self.workspaceFolder(devcontainerConfig: running?.devcontainerConfig)
            ?? WorkspaceStore.mountTarget(forRepo: spec.repo)
        var fields: [Field] = []
        func add(_ name: String, _ value: String?) {
            if let value { fields.append(Field(name: name, value: Redact.text(value))) }
        }
        add("repo", repo)
        add("branch", spec.branch ?? "the remote's HEAD")
        add("devcontainer", spec.devcontainer ?? "the default search order")
        add("image", running?.image)
        for (key, value) in (running?.devcontainerConfig ?? [:]).sorted(by: { $0.key < $1.key }) {
            add("devcontainer.json: \(key)", DashboardSecrets.shown(json: value))
        }
        add("state", gitspace?.state.rawValue)
        add("hardware", hardware + Self.source(gitspace?.hardwareSource))
        for (key, value) in spec.env.sorted(by: { $0.key < $1.key }) {
            add("env.\(key)", DashboardSecrets.shown(env: key, value: value))
        }
        for key in spec.authorizedKeys { add("ssh.authorizedKeys", ResolvedSpec.abbreviate(key: key)) }
        add("credentials", spec.credentials.map { "\($0) (a host-side secret, by name)" })
        add("deletionPolicy", spec.deletionPolicy.rawValue)
        add("owner", spec.owner)
        for (key, value) in spec.labels.sorted(by: { $0.key < $1.key }) { add("labels.\(key)", value) }
        if let location = gitspace?.location, !location.file.isEmpty { add("declared at", location.description) }
        if gitspace == nil { add("declared", "no: it exists on the engine only, awaiting deletion") }
        self.fields = fields
    }

    /// `2 cpus, 4Gi memory, 16Gi disk, 1 gpu`.
    static func describe(_ hardware: Hardware) -> String {
        var parts = ["\(hardware.cpus) cpus", "\(hardware.memory) memory"]
        if let disk = hardware.disk { parts.append("\(disk) disk") }
        if hardware.gpus > 0 { parts.append("\(hardware.gpus) gpu" + (hardware.gpus == 1 ? "" : "s")) }
        return parts.joined(separator: ", ")
    }

    private static func source(_ source: Gitspace.HardwareSource?) -> String {
        switch source {
        case .profile(let name): " (profile \(name))"
        case .inline: " (inline)"
        case .builtinDefault: " (the built-in default)"
        case nil: ""
        }
    }

    /// The `workspaceFolder` key of a resolved devcontainer configuration (compact JSON), when it is a string.
    static func workspaceFolder(devcontainerConfig: [String: String]?) -> String? {
        guard var json = devcontainerConfig?["workspaceFolder"], json.count >= 2, json.hasPrefix("\""),
            json.hasSuffix("\"")
        else { return nil }
        json.removeFirst()
        json.removeLast()
        guard !json.contains("\\"), json.hasPrefix("/") else { return nil }
        return json
    }
}
