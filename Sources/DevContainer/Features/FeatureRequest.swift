package import Shared

/// One `features` entry of devcontainer.json (or one `dependsOn` entry of a feature): the reference and
/// its options as written, with their positions for messages.
package struct FeatureRequest: Sendable, Hashable {
    package var reference: FeatureReference
    /// The value as written: an options object, `true`, or a version string.
    package var value: JSONValue
    /// The file the entry is written in, and where its key is.
    package var file: String
    package var keyMark: JSONMark?

    package init(reference: FeatureReference, value: JSONValue, file: String, keyMark: JSONMark?) {
        self.reference = reference
        self.value = value
        self.file = file
        self.keyMark = keyMark
    }

    /// The options as written, before defaults (also the identity of a feature in install order).
    package var optionsAsWritten: JSONTree { value.canonical }

    /// The user's option values with their positions: the object's members, or `version` for a string.
    package var userOptions: [JSONMember] {
        switch value.kind {
        case .object(let members): members
        case .string: [JSONMember(key: "version", keyMark: value.mark, value: value)]
        default: []
        }
    }

    /// Where the entry is written.
    package var source: DevContainerSource {
        DevContainerSource(file: file, mark: keyMark, property: "features.\(reference.written)")
    }

    /// The `features` of `config`, in source order; a bad reference or value is an error at its key.
    package static func read(_ config: DevContainerConfig) -> (
        requests: [FeatureRequest], errors: [DevContainerDiagnostic]
    ) {
        let folder = config.file.split(separator: "/").dropLast().joined(separator: "/")
        return read(config.featureMembers, file: config.file, configFolder: folder)
    }

    /// Reads `members` (a `features` object or a feature's `dependsOn`), resolving `./name` against `configFolder`.
    package static func read(_ members: [JSONMember], file: String, configFolder: String)
        -> (requests: [FeatureRequest], errors: [DevContainerDiagnostic])
    {
        var requests: [FeatureRequest] = []
        var errors: [DevContainerDiagnostic] = []
        for member in members {
            let property = "features.\(member.key)"
            switch member.value.kind {
            case .object(let options):
                for option in options where option.value.string == nil && option.value.bool == nil {
                    errors.append(
                        DevContainerDiagnostic(
                            .error, file: file, mark: option.value.mark, property: "\(property).\(option.key)",
                            "option \"\(option.key)\" of feature \"\(member.key)\" must be a string or a boolean, not \(option.value.typeDescription)"
                        ))
                }
            case .string, .bool(true): break
            default:
                errors.append(
                    DevContainerDiagnostic(
                        .error, file: file, mark: member.value.mark, property: property,
                        "feature \"\(member.key)\" must be set to an options object, true or a version string, not \(member.value.kind == .bool(false) ? "false (remove the entry instead)" : member.value.typeDescription)"
                    ))
                continue
            }
            switch FeatureReference.parse(member.key, configFolder: configFolder) {
            case .success(let reference):
                requests.append(
                    FeatureRequest(reference: reference, value: member.value, file: file, keyMark: member.keyMark))
            case .failure(let error):
                errors.append(
                    DevContainerDiagnostic(.error, file: file, mark: member.keyMark, property: property, error.message))
            }
        }
        return (requests, errors)
    }
}
