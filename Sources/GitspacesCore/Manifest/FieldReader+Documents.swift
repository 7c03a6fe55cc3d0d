import Redaction
import Shared
import YAMLKit

extension FieldReader {
    /// Checks a document's envelope (apiVersion, kind, metadata) and decodes its spec.
    mutating func decodeDocument(_ document: Document, into declarations: inout Declarations) {
        guard let top = fields(document.root, "the document", known: ManifestSchema.document) else { return }
        var kind: String?
        if let node = require(top, "apiVersion"), let version = string(node, "apiVersion"),
            version != ManifestSchema.apiVersion
        {
            error(node.mark, "unknown apiVersion '\(version)': expected '\(ManifestSchema.apiVersion)'")
        }
        if let node = require(top, "kind"), let word = string(node, "kind") {
            if ManifestSchema.kinds.contains(word) {
                kind = word
            } else {
                error(
                    node.mark,
                    "unknown kind '\(word)': expected one of \(ManifestSchema.kinds.joined(separator: ", "))"
                        + Suggestion.hint(for: word, in: ManifestSchema.kinds))
            }
        }
        var name: (String, Mark)?
        var labels: [String: String] = [:]
        if let node = require(top, "metadata"),
            let metadata = fields(node, "metadata", known: ManifestSchema.metadata, anchor: top.keyMark("metadata"))
        {
            if let nameNode = require(metadata, "name"), let text = string(nameNode, "metadata.name") {
                if let reason = Rules.dnsLabel(text) {
                    error(nameNode.mark, "metadata.name '\(text)' \(reason)")
                } else {
                    name = (text, nameNode.mark)
                }
            }
            if let node = metadata["labels"], let map = stringMap(node, "metadata.labels") {
                for entry in map { labels[entry.key] = entry.value }
            }
            if let node = metadata["annotations"] { _ = stringMap(node, "metadata.annotations") }
        }
        guard let specNode = require(top, "spec"), let kind else { return }
        let specAnchor = top.keyMark("spec") ?? specNode.mark
        switch kind {
        case "Gitspace":
            guard let spec = fields(specNode, "spec", known: ManifestSchema.gitspaceSpec, anchor: specAnchor),
                let declaration = decodeGitspace(spec, name: name, labels: labels)
            else { return }
            declarations.gitspaces.append(declaration)
        case "HardwareProfile":
            guard
                let hardware = decodeHardware(
                    specNode, "spec", anchor: specAnchor, required: true, known: ManifestSchema.hardwareProfileSpec),
                let name, let cpus = hardware.cpus, let memory = hardware.memory
            else { return }
            let value = Hardware(cpus: cpus.0, memory: memory.0, disk: hardware.disk?.0, gpus: hardware.gpus?.0 ?? 0)
            var profile = HardwareProfile(name: name.0, hardware: value, location: location(name.1))
            profile.idleTimeout = profileIdleTimeout(specNode)
            declarations.profiles.append(ProfileDeclaration(profile: profile, hardware: hardware, file: file))
        default:
            guard let spec = fields(specNode, "spec", known: ManifestSchema.policySpec, anchor: specAnchor),
                let policy = decodePolicy(spec, name: name)
            else { return }
            declarations.policies.append(
                PolicyDeclaration(policy: policy, nameMark: name?.1 ?? document.mark, file: file))
        }
    }

    private mutating func decodeGitspace(_ spec: Fields, name: (String, Mark)?, labels: [String: String])
        -> GitspaceDeclaration?
    {
        var repo: String?
        if let node = require(spec, "repo"), let text = string(node, "spec.repo") {
            if let reason = Rules.repoURL(text) {
                error(node.mark, "spec.repo '\(Redact.url(text))' \(reason)")
            } else {
                repo = text
            }
        }
        var gitspace = Gitspace(name: name?.0 ?? "", labels: labels, repo: repo ?? "")
        if let node = spec["branch"], let text = string(node, "spec.branch") {
            if let reason = Rules.branch(text) { error(node.mark, "spec.branch '\(text)' \(reason)") }
            gitspace.branch = text
        }
        if let node = spec["devcontainer"], let text = string(node, "spec.devcontainer") {
            if let reason = Rules.devcontainerPath(text) { error(node.mark, "spec.devcontainer '\(text)' \(reason)") }
            gitspace.devcontainer = text
        }
        var hardware = GitspaceDeclaration.HardwareReference.none
        if let node = spec["hardware"] {
            if node.scalar != nil {
                if let profile = string(node, "spec.hardware") { hardware = .profile(profile, node.mark) }
            } else if let inline = decodeHardware(
                node, "spec.hardware", anchor: spec.keyMark("hardware") ?? node.mark, required: true)
            {
                hardware = .inline(inline)
            }
        }
        if let node = spec["state"], let state = oneOf(node, "spec.state", Gitspace.RunState.allCases) {
            gitspace.state = state
        }
        if let node = spec["owner"], let text = text(node, "spec.owner") { gitspace.owner = text }
        if let node = spec["ssh"], let ssh = fields(node, "spec.ssh", known: ManifestSchema.ssh),
            let keysNode = ssh["authorizedKeys"], let keys = stringList(keysNode, "spec.ssh.authorizedKeys")
        {
            for (index, (key, keyNode)) in keys.enumerated() {
                if let reason = Rules.authorizedKey(key) {
                    error(keyNode.mark, "spec.ssh.authorizedKeys[\(index)] \(reason)")
                }
            }
            gitspace.authorizedKeys = keys.map(\.0)
        }
        if let node = spec["env"], let entries = stringMap(node, "spec.env") {
            for entry in entries {
                if let reason = Rules.envName(entry.key) {
                    error(entry.keyNode.mark, "spec.env '\(entry.key)' \(reason)")
                }
                gitspace.env[entry.key] = entry.value
            }
        }
        if let node = spec["credentials"], let text = string(node, "spec.credentials") {
            if let reason = Rules.secretName(text) { error(node.mark, "spec.credentials \(reason)") }
            gitspace.credentials = text
        }
        if let node = spec["deletionPolicy"],
            let policy = oneOf(node, "spec.deletionPolicy", Gitspace.DeletionPolicy.allCases)
        {
            gitspace.deletionPolicy = policy
        }
        if let node = spec["idleTimeout"] { gitspace.idleTimeout = idleTimeout(node, "spec.idleTimeout") }
        if let node = spec["dotfiles"] {
            gitspace.dotfiles = decodeDotfiles(node, "spec.dotfiles", anchor: spec.keyMark("dotfiles") ?? node.mark)
        }
        guard let name, repo != nil else { return nil }
        gitspace.location = location(name.1)
        return GitspaceDeclaration(
            gitspace: gitspace, hardware: hardware, repoMark: spec["repo"]?.mark ?? spec.anchor,
            specMark: spec.anchor, file: file)
    }

    /// `{cpus, memory, disk, gpus}`; with `required`, cpus and memory must be there.
    mutating func decodeHardware(
        _ node: Node, _ path: String, anchor: Mark, required: Bool, known: [String] = ManifestSchema.hardware
    ) -> HardwareDeclaration? {
        guard let fields = fields(node, path, known: known, anchor: anchor) else { return nil }
        var hardware = HardwareDeclaration(mark: anchor)
        if let node = required ? require(fields, "cpus") : fields["cpus"] {
            if let text = node.scalar.map(\.value), node.value != .null, node.value != .bool(true),
                node.value != .bool(false),
                let cpus = CPUs(parsing: text)
            {
                hardware.cpus = (cpus, node.mark)
            } else {
                let shown = node.scalar.map { "'\($0.value)'" } ?? node.typeDescription
                error(
                    node.mark,
                    "\(path).cpus \(shown) is not a CPU count: use a positive decimal with at most 3 decimals (2, 0.5) or millicpus (500m)"
                )
            }
        }
        for key in ["memory", "disk"] {
            guard let node = required && key == "memory" ? require(fields, key) : fields[key] else { continue }
            guard let size = size(node, "\(path).\(key)") else { continue }
            if key == "memory" { hardware.memory = (size, node.mark) } else { hardware.disk = (size, node.mark) }
        }
        if let node = fields["gpus"], let gpus = int(node, "\(path).gpus") { hardware.gpus = (gpus, node.mark) }
        return hardware
    }

    private mutating func size(_ node: Node, _ path: String) -> ByteSize? {
        if let scalar = node.scalar, node.value != .null, let size = ByteSize(parsing: scalar.value) { return size }
        let shown = node.scalar.map { "'\($0.value)'" } ?? node.typeDescription
        var hint = ""
        if let text = node.scalar?.value, let suggestion = Self.binaryUnitSuggestion(for: text) {
            hint = Suggestion.hint(offering: suggestion)
        }
        error(
            node.mark,
            "\(path) \(shown) is not a size: use bytes or a number with Ki, Mi, Gi, Ti (or K, M, G, T)\(hint)")
        return nil
    }

    /// `8GB`, `8gb` or `8GiB` → `8Gi`: the unit people write for the one the manifests take.
    static func binaryUnitSuggestion(for text: String) -> String? {
        var stem = Substring(text)
        for suffix in ["iB", "ib", "B", "b"] where stem.hasSuffix(suffix) {
            stem = stem.dropLast(suffix.count)
            break
        }
        guard stem.count < text.count, let unit = stem.last, "kmgtpKMGTP".contains(unit) else { return nil }
        let suggestion = stem.dropLast() + unit.uppercased() + "i"
        return ByteSize(parsing: String(suggestion)) == nil ? nil : String(suggestion)
    }

    private mutating func decodePolicy(_ spec: Fields, name: (String, Mark)?) -> Policy? {
        var policy = Policy(name: name?.0 ?? "")
        if let node = spec["maxHardware"],
            let limits = decodeHardware(
                node, "spec.maxHardware", anchor: spec.keyMark("maxHardware") ?? node.mark, required: false)
        {
            policy.maxHardware = HardwareLimits(
                cpus: limits.cpus?.0, memory: limits.memory?.0, disk: limits.disk?.0, gpus: limits.gpus?.0)
        }
        if let node = spec["allowedRepos"], let patterns = stringList(node, "spec.allowedRepos") {
            policy.allowedRepos = patterns.map(\.0)
        }
        if let node = spec["devcontainer"],
            let rules = fields(node, "spec.devcontainer", known: ManifestSchema.policyDevcontainer)
        {
            if let node = rules["allowPrivileged"], let value = bool(node, "spec.devcontainer.allowPrivileged") {
                policy.devcontainer.allowPrivileged = value
            }
            if let node = rules["allowHostMounts"], let value = bool(node, "spec.devcontainer.allowHostMounts") {
                policy.devcontainer.allowHostMounts = value
            }
            if let node = rules["allowCapAdd"], let caps = stringList(node, "spec.devcontainer.allowCapAdd") {
                policy.devcontainer.allowCapAdd = caps.map(\.0)
            }
            if let node = rules["sharedVolumes"], let names = stringList(node, "spec.devcontainer.sharedVolumes") {
                for (name, item) in names where !Self.isVolumeName(name) {
                    error(
                        item.mark,
                        "spec.devcontainer.sharedVolumes: '\(name)' is not a volume name (a letter or digit, then "
                            + "letters, digits, '_', '.' or '-')")
                }
                policy.devcontainer.sharedVolumes = names.map(\.0).filter(Self.isVolumeName)
            }
            if let node = rules["allowedFeatures"],
                let patterns = stringList(node, "spec.devcontainer.allowedFeatures")
            {
                policy.devcontainer.allowedFeatures = patterns.map(\.0)
            }
        }
        if let node = spec["maxDeletions"], let value = int(node, "spec.maxDeletions") { policy.maxDeletions = value }
        if let node = spec["idleTimeout"] { policy.idleTimeout = idleTimeout(node, "spec.idleTimeout") }
        if let node = spec["dotfiles"] { policy.dotfiles = decodeDotfilesByOwner(node, "spec.dotfiles") }
        guard let name else { return nil }
        policy.location = location(name.1)
        return policy
    }

    /// The engine's grammar for a volume name: `[A-Za-z0-9][A-Za-z0-9_.-]*`.
    static func isVolumeName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCIIAlphanumeric else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCIIAlphanumeric || $0 == "_" || $0 == "." || $0 == "-" }
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIIAlphanumeric: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self)
    }
}
