import Shared

/// How a change to a field reaches the engine.
enum FieldEffect: Sendable, Hashable {
    /// Applied without recreating the container: the engine's update call or a checkout in the workspace.
    case inPlace
    /// Needs the container recreated.
    case container
    /// Changes nothing on the engine.
    case metadata
}

/// One flattened field of a spec: maps and the key list are one entry per element.
struct SpecField: Sendable, Hashable {
    /// Display order of the field's group.
    var rank: Int
    /// The element within the group (an env or label key, an authorized key); empty for plain fields.
    var element: String
    var path: String
    var value: String
    var effect: FieldEffect
    /// A value a create does not need to mention (the default deletion policy, no GPUs).
    var isDefault: Bool = false
}

/// A field change together with what it takes to apply it.
struct ClassifiedChange: Sendable, Hashable {
    var rank: Int
    var element: String
    var change: FieldChange
    var effect: FieldEffect
}

extension ResolvedSpec {
    /// The rank of the synthetic `state` field, which comes first.
    static let stateRank = 0

    /// Every set field, in display order.
    var fields: [SpecField] {
        var fields: [SpecField] = []
        func add(_ rank: Int, _ path: String, _ value: String?, _ effect: FieldEffect, isDefault: Bool = false) {
            guard let value else { return }
            fields.append(
                SpecField(rank: rank, element: "", path: path, value: value, effect: effect, isDefault: isDefault))
        }
        add(1, "repo", repo, .container)
        add(2, "branch", branch, .inPlace)
        add(3, "devcontainer", devcontainer, .container)
        add(4, "image", image, .container)
        for (key, value) in (devcontainerConfig ?? [:]).sorted(by: { $0.key < $1.key }) {
            fields.append(
                SpecField(
                    rank: 5, element: key, path: "devcontainer.json:\(key)", value: Self.abbreviate(json: value),
                    effect: .container))
        }
        add(6, "lifecycle", lifecycle, .inPlace)
        add(7, "hardware.cpus", hardware.cpus.description, .inPlace)
        add(8, "hardware.memory", hardware.memory.description, .inPlace)
        add(9, "hardware.disk", hardware.disk?.description, .container)
        add(10, "hardware.gpus", String(hardware.gpus), .container, isDefault: hardware.gpus == 0)
        for (key, value) in env.sorted(by: { $0.key < $1.key }) {
            fields.append(SpecField(rank: 11, element: key, path: "env.\(key)", value: value, effect: .container))
        }
        for key in Set(authorizedKeys).sorted() {
            fields.append(
                SpecField(
                    rank: 12, element: key, path: "ssh.authorizedKeys", value: Self.abbreviate(key: key),
                    effect: .container))
        }
        add(13, "credentials", credentials, .container)
        add(14, "deletionPolicy", deletionPolicy.rawValue, .metadata, isDefault: deletionPolicy == .retain)
        add(15, "owner", owner, .metadata)
        for (key, value) in labels.sorted(by: { $0.key < $1.key }) {
            fields.append(SpecField(rank: 16, element: key, path: "labels.\(key)", value: value, effect: .metadata))
        }
        fields += dotfilesFields
        return fields
    }

    /// The changes from `old` to `self`, in display order.
    func changes(from old: ResolvedSpec) -> [ClassifiedChange] {
        guard self != old else { return [] }
        struct Identity: Hashable {
            var rank: Int
            var element: String
        }
        var before: [Identity: SpecField] = [:]
        for field in old.fields { before[Identity(rank: field.rank, element: field.element)] = field }
        var result: [ClassifiedChange] = []
        for field in fields {
            let identity = Identity(rank: field.rank, element: field.element)
            let previous = before.removeValue(forKey: identity)
            guard previous?.value != field.value else { continue }
            var change = FieldChange(field: field.path, old: previous?.value, new: field.value)
            var effect = field.effect
            // A new size of an existing disk limit is applied to the workspace, not the container: grown in place;
            // a smaller one is refused (shrinking could lose data), and the plan says so.
            if field.path == "hardware.disk", let new = hardware.disk, let current = old.hardware.disk {
                effect = .inPlace
                if new < current { change.new = field.value + " " + Self.shrinkRefusal }
            }
            result.append(ClassifiedChange(rank: field.rank, element: field.element, change: change, effect: effect))
        }
        for field in before.values {
            result.append(
                ClassifiedChange(
                    rank: field.rank, element: field.element,
                    change: FieldChange(field: field.path, old: field.value, new: nil), effect: field.effect))
        }
        return result.sorted { ($0.rank, $0.element) < ($1.rank, $1.element) }
    }

    /// How a plan marks a smaller disk size, which is never applied.
    package static let shrinkRefusal = "(refused: shrinking a disk could lose data)"

    /// An authorized key, short enough to read: options and type kept, the key data cut to its last
    /// 8 characters, the comment kept (`ssh-ed25519 …Xz0aB1cD alice@laptop`). Public keys are no secret;
    /// this only keeps plans readable.
    package static func abbreviate(key: String) -> String {
        let parts = key.split(whereSeparator: { $0 == " " || $0 == "\t" })
        let typePrefixes = ["ssh-", "ecdsa-", "sk-"]
        if let typeIndex = parts.firstIndex(where: { part in typePrefixes.contains { part.hasPrefix($0) } }),
            typeIndex + 1 < parts.count
        {
            let data = parts[typeIndex + 1]
            let shortData = data.count > 12 ? "…" + data.suffix(8) : String(data)
            return (parts[..<typeIndex] + [parts[typeIndex], Substring(shortData)] + parts[(typeIndex + 2)...])
                .joined(separator: " ")
        }
        return key.count > 40 ? key.prefix(20) + "…" + key.suffix(12) : key
    }

    /// A devcontainer.json value short enough for a plan line: up to 100 characters, then `…` and a
    /// digest of the whole value, so that two long values that share a beginning still read differently.
    static func abbreviate(json: String) -> String {
        guard json.count > 120 else { return json }
        return json.prefix(100) + "… (" + String(Hashing.sha256Hex(json).prefix(8)) + ")"
    }

    /// Every field, metadata included, as unambiguous bytes: a total order for choosing among duplicates.
    var fullCanonicalForm: [UInt8] {
        var writer = CanonicalWriter()
        writer.field("branch", branch)
        writer.field("lifecycle", lifecycle)
        writer.field("cpus", String(hardware.cpus.millis))
        writer.field("memory", String(hardware.memory.bytes))
        writer.field("deletionPolicy", deletionPolicy.rawValue)
        writer.field("owner", owner)
        writer.field("labels", map: labels)
        writer.field("dotfiles", list: dotfilesFields.map { "\($0.path)=\($0.value)" })
        return containerCanonicalForm + writer.bytes
    }
}
