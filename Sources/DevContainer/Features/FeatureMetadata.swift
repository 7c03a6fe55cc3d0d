package import Shared

/// A feature's `devcontainer-feature.json`: what it is, its options, how it orders, and the container
/// settings it contributes (merged like an image metadata entry).
package struct FeatureMetadata: Sendable, Hashable {
    /// The file it was read from (for messages).
    package var file: String
    package var id: String
    package var version: String?
    package var name: String?
    package var options: [FeatureOption]
    /// `dependsOn` as written: references and their options (hard dependencies, installed first).
    package var dependsOn: [JSONMember]
    /// `installsAfter`: feature ids installed first when they are present (soft).
    package var installsAfter: [String]
    package var legacyIds: [String]
    /// The container settings (`containerEnv`, `mounts`, `capAdd`, `securityOpt`, `init`, `privileged`,
    /// `entrypoint`, lifecycle hooks, `customizations`) as an image metadata entry with `id` set.
    package var entry: DevContainerConfig
    /// The same settings as written (no positions), for the image's `devcontainer.metadata` label.
    package var entryJSON: [String: JSONTree]

    /// The properties read into ``entry``.
    static let entryProperties: Set<String> = [
        "containerEnv", "mounts", "capAdd", "securityOpt", "init", "privileged", "entrypoint", "customizations",
        "onCreateCommand", "updateContentCommand", "postCreateCommand", "postStartCommand", "postAttachCommand",
    ]

    /// Properties of the spec this reader keeps no value of.
    static let otherProperties: Set<String> = [
        "id", "version", "name", "description", "documentationURL", "licenseURL", "keywords", "options",
        "dependsOn", "installsAfter", "legacyIds", "deprecated", "$schema",
    ]

    package var containerEnv: [String: String] { entry.containerEnv }
    package var mounts: [DevContainerMount] { entry.mounts }
    package var capAdd: [String] { entry.capAdd }
    package var securityOpt: [String] { entry.securityOpt }
    package var initProcess: Bool? { entry.initProcess }
    package var privileged: Bool? { entry.privileged }
    package var entrypoint: String? { entry.entrypoint }
    package var lifecycle: [LifecycleHook: LifecycleCommand] { entry.lifecycle }
    package var customizations: [String: JSONTree] { entry.customizations }

    /// The option named `name`.
    package func option(_ name: String) -> FeatureOption? { options.first { $0.name == name } }

    /// Parses `bytes` of `file` (JSONC); every problem is a FILE:LINE:COLUMN diagnostic.
    package static func parse(bytes: [UInt8], file: String, limits: JSONCLimits = .devcontainer)
        throws(DevContainerError) -> (metadata: FeatureMetadata, warnings: [DevContainerDiagnostic])
    {
        let document: JSONCDocument
        do {
            document = try JSONC.parse(bytes: bytes, limits: limits)
        } catch {
            throw DevContainerError([DevContainerDiagnostic(.error, file: file, mark: error.mark, error.message)])
        }
        var reader = FeatureMetadataReader(file: file)
        let metadata = reader.read(document.root)
        let errors = reader.diagnostics.filter(\.isError)
        guard errors.isEmpty, let metadata else { throw DevContainerError(errors) }
        return (metadata, reader.diagnostics.sorted())
    }
}

/// Reads a `devcontainer-feature.json` tree, collecting every diagnostic.
private struct FeatureMetadataReader {
    let file: String
    var diagnostics: [DevContainerDiagnostic] = []

    init(file: String) { self.file = file }

    mutating func error(_ mark: JSONMark, _ property: String, _ message: String) {
        diagnostics.append(DevContainerDiagnostic(.error, file: file, mark: mark, property: property, message))
    }

    mutating func string(_ value: JSONValue, _ property: String) -> String? {
        guard let text = value.string else {
            error(value.mark, property, "\"\(property)\" must be a string, not \(value.typeDescription)")
            return nil
        }
        return text
    }

    mutating func strings(_ value: JSONValue, _ property: String) -> [String] {
        guard let items = value.array else {
            error(value.mark, property, "\"\(property)\" must be an array of strings, not \(value.typeDescription)")
            return []
        }
        return items.enumerated().compactMap { string($0.element, "\(property)[\($0.offset)]") }
    }

    mutating func read(_ root: JSONValue) -> FeatureMetadata? {
        guard let members = root.object else {
            error(root.mark, "", "devcontainer-feature.json must hold a JSON object, not \(root.typeDescription)")
            return nil
        }
        var id: String?
        var idWritten = false
        var version: String?
        var name: String?
        var options: [FeatureOption] = []
        var dependsOn: [JSONMember] = []
        var installsAfter: [String] = []
        var legacyIds: [String] = []
        var entryMembers: [JSONMember] = []
        for member in members {
            let value = member.value
            switch member.key {
            case "id":
                idWritten = true
                id = string(value, "id")
            case "version": version = string(value, "version")
            case "name": name = string(value, "name")
            case "options":
                guard let declared = value.object else {
                    error(value.mark, "options", "\"options\" must be an object, not \(value.typeDescription)")
                    continue
                }
                options = declared.compactMap { readOption($0) }
            case "dependsOn":
                if let entries = value.object {
                    dependsOn = entries
                } else {
                    error(value.mark, "dependsOn", "\"dependsOn\" must be an object, not \(value.typeDescription)")
                }
            case "installsAfter": installsAfter = strings(value, "installsAfter")
            case "legacyIds": legacyIds = strings(value, "legacyIds")
            default:
                if FeatureMetadata.entryProperties.contains(member.key) {
                    entryMembers.append(member)
                } else if !FeatureMetadata.otherProperties.contains(member.key) {
                    diagnostics.append(
                        DevContainerDiagnostic(
                            .warning, file: file, mark: member.keyMark, property: member.key,
                            "unknown property '\(member.key)' of devcontainer-feature.json is ignored"))
                }
            }
        }
        var entryReader = DevContainerConfigReader(file: file, mode: .imageMetadata)
        var entry = entryReader.read(JSONValue(.object(entryMembers), mark: root.mark))
        diagnostics += entryReader.diagnostics
        guard let id, !id.isEmpty else {
            if !idWritten { error(root.mark, "id", "devcontainer-feature.json must set \"id\"") }
            return nil
        }
        entry.id = id
        return FeatureMetadata(
            file: file, id: id, version: version, name: name, options: options, dependsOn: dependsOn,
            installsAfter: installsAfter, legacyIds: legacyIds, entry: entry,
            entryJSON: Dictionary(entryMembers.map { ($0.key, $0.value.canonical) }, uniquingKeysWith: { $1 }))
    }

    mutating func readOption(_ member: JSONMember) -> FeatureOption? {
        let property = "options.\(member.key)"
        guard member.value.object != nil else {
            error(member.value.mark, property, "\"\(property)\" must be an object, not \(member.value.typeDescription)")
            return nil
        }
        let value = member.value
        var type = FeatureOption.ValueType.string
        if let typeValue = value["type"] {
            guard let text = typeValue.string, let parsed = FeatureOption.ValueType(rawValue: text) else {
                error(typeValue.mark, "\(property).type", "\"\(property).type\" must be \"boolean\" or \"string\"")
                return nil
            }
            type = parsed
        }
        var defaultValue: FeatureOptionValue?
        if let given = value["default"] {
            defaultValue = FeatureOptionValue(given)
            if defaultValue == nil {
                error(given.mark, "\(property).default", "\"\(property).default\" must be a string or a boolean")
            }
        }
        let allowed = value["enum"].map { strings($0, "\(property).enum") }
        let proposals = value["proposals"].map { strings($0, "\(property).proposals") } ?? []
        return FeatureOption(
            name: member.key, type: type, defaultValue: defaultValue, allowed: allowed, proposals: proposals,
            description: value["description"]?.string)
    }
}
