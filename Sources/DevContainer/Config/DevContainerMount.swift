package import Shared

/// A mount in Docker's `--mount` terms, read from the string form
/// (`type=bind,source=…,target=…,readonly`) or the object form (`{type, source, target}`).
package struct DevContainerMount: Sendable, Hashable, CustomStringConvertible {
    package enum Kind: String, Sendable, Hashable {
        case bind
        case volume
        case tmpfs
    }

    package var type: Kind
    /// A host path for binds, a volume name for volumes (nil: anonymous), nil for tmpfs.
    package var source: String?
    package var target: String
    package var readOnly: Bool
    /// The other `--mount` options as written, in order (`consistency=cached`, `volume-opt=o=size=1g`).
    package var options: [String]

    package init(type: Kind, source: String?, target: String, readOnly: Bool = false, options: [String] = []) {
        self.type = type
        self.source = source
        self.target = target
        self.readOnly = readOnly
        self.options = options
    }

    /// The `--mount` options Docker knows besides type, source, target and readonly.
    static let knownOptions: Set<String> = [
        "consistency", "bind-propagation", "bind-nonrecursive", "bind-recursive", "volume-driver", "volume-label",
        "volume-nocopy", "volume-opt", "volume-subpath", "tmpfs-size", "tmpfs-mode",
    ]

    /// Reads the string form; the error message says what is wrong.
    static func parse(_ text: String) -> Result<DevContainerMount, MountSyntaxError> {
        guard !text.isEmpty else { return .failure(MountSyntaxError("the mount is empty")) }
        guard !text.contains("\"") else {
            return .failure(MountSyntaxError("quoted fields are not supported in a mount string"))
        }
        var type: Kind?
        var source: String?
        var target: String?
        var readOnly = false
        var options: [String] = []
        for field in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pair = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(pair[0]).trimmed
            let value = pair.count == 2 ? String(pair[1]) : nil
            switch key {
            case "type":
                guard let value, let kind = Kind(rawValue: value) else {
                    return .failure(
                        MountSyntaxError("mount type '\(value ?? "")' is not supported; use bind, volume or tmpfs"))
                }
                type = kind
            case "source", "src":
                source = value ?? ""
            case "target", "destination", "dst":
                target = value ?? ""
            case "readonly", "ro":
                switch value {
                case nil, "true", "1": readOnly = true
                case "false", "0": readOnly = false
                default: return .failure(MountSyntaxError("'\(key)' takes true or false, not '\(value ?? "")'"))
                }
            case "":
                return .failure(MountSyntaxError("the mount has an empty field (two commas in a row?)"))
            default:
                guard knownOptions.contains(key) else {
                    return .failure(MountSyntaxError("unknown mount option '\(key)'"))
                }
                options.append(String(field))
            }
        }
        return validated(type: type ?? .volume, source: source, target: target, readOnly: readOnly, options: options)
    }

    static func validated(type: Kind, source: String?, target: String?, readOnly: Bool, options: [String])
        -> Result<DevContainerMount, MountSyntaxError>
    {
        guard let target, !target.isEmpty else {
            return .failure(MountSyntaxError("the mount has no target"))
        }
        let source = source?.isEmpty == true ? nil : source
        switch type {
        case .bind:
            guard source != nil else { return .failure(MountSyntaxError("a bind mount needs a source")) }
        case .tmpfs:
            guard source == nil else { return .failure(MountSyntaxError("a tmpfs mount takes no source")) }
        case .volume:
            break
        }
        return .success(
            DevContainerMount(type: type, source: source, target: target, readOnly: readOnly, options: options))
    }

    /// Docker's `--mount` string.
    package var description: String {
        var fields = ["type=\(type.rawValue)"]
        if let source { fields.append("source=\(source)") }
        fields.append("target=\(target)")
        if readOnly { fields.append("readonly") }
        fields += options
        return fields.joined(separator: ",")
    }

    package var canonical: JSONTree {
        var object: [String: JSONTree] = ["type": .string(type.rawValue), "target": .string(target)]
        if let source { object["source"] = .string(source) }
        if readOnly { object["readonly"] = .bool(true) }
        if !options.isEmpty { object["options"] = .strings(options) }
        return .object(object)
    }

    /// The target without trailing slashes: mounts conflict when these are equal.
    var targetKey: String {
        var key = Substring(target)
        while key.count > 1, key.hasSuffix("/") { key = key.dropLast() }
        return String(key)
    }

    func mapStrings(_ transform: (String) -> String) -> DevContainerMount {
        DevContainerMount(
            type: type, source: source.map(transform), target: transform(target), readOnly: readOnly,
            options: options.map(transform))
    }
}
