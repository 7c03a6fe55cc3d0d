/// A feature's option values: defaults from `devcontainer-feature.json`, the user's values over them,
/// and the environment variables install.sh reads them from.
package struct FeatureOptions: Sendable, Hashable {
    /// Option values by option name.
    package var values: [String: FeatureOptionValue]

    package init(values: [String: FeatureOptionValue]) { self.values = values }

    /// The built-in variables every install.sh sees.
    package static let builtinNames = ["_CONTAINER_USER", "_CONTAINER_USER_HOME", "_REMOTE_USER", "_REMOTE_USER_HOME"]

    /// Resolves `request`'s options against `metadata`. A value outside an option's `enum` is an error at the
    /// user's value; an option the feature does not declare is passed on with a warning, as the reference does.
    package static func resolve(_ request: FeatureRequest, metadata: FeatureMetadata)
        -> (options: FeatureOptions, diagnostics: [DevContainerDiagnostic])
    {
        var values: [String: FeatureOptionValue] = [:]
        var diagnostics: [DevContainerDiagnostic] = []
        for option in metadata.options {
            if let value = option.defaultValue { values[option.name] = value }
        }
        for member in request.userOptions {
            guard let value = FeatureOptionValue(member.value) else { continue }
            let property = "features.\(request.reference.written).\(member.key)"
            if let option = metadata.option(member.key) {
                if let allowed = option.allowed, !allowed.contains(value.description) {
                    diagnostics.append(
                        DevContainerDiagnostic(
                            .error, file: request.file, mark: member.value.mark, property: property,
                            "option \"\(member.key)\" of feature \(request.reference.written) is \"\(value)\"; allowed: \(allowed.map { "\"\($0)\"" }.joined(separator: ", "))"
                        ))
                    continue
                }
            } else if !(member.key == "version" && request.value.string != nil) {
                let known = metadata.options.map(\.name).sorted()
                diagnostics.append(
                    DevContainerDiagnostic(
                        .warning, file: request.file, mark: member.keyMark, property: property,
                        "feature \(request.reference.written) declares no option \"\(member.key)\"\(known.isEmpty ? "" : " (it declares: \(known.joined(separator: ", ")))")"
                    ))
            }
            values[member.key] = value
        }
        return (FeatureOptions(values: values), diagnostics)
    }

    /// The name an option is passed to install.sh as (the reference's `getSafeId`): characters other than
    /// letters, digits and `_` become `_`, a leading run of digits and underscores becomes one `_`, upper case.
    package static func environmentName(_ option: String) -> String {
        var mapped = String(
            option.unicodeScalars.map { scalar -> Character in
                scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_")
                    ? Character(scalar) : "_"
            })
        let leading = mapped.prefix { $0 == "_" || ("0"..."9").contains($0) }
        if !leading.isEmpty { mapped = "_" + mapped.dropFirst(leading.count) }
        return mapped.uppercased()
    }

    /// The option values as install.sh's environment: `NAME: value`.
    package var environment: [String: String] {
        var result: [String: String] = [:]
        for (name, value) in values { result[Self.environmentName(name)] = value.description }
        return result
    }

    /// `devcontainer-features.env`: one `NAME='value'` line per option, sorted, values shell-quoted.
    package var environmentFile: String {
        environment.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            .map { "\($0.key)=\(FeatureDockerfile.shellQuoted($0.value))\n" }.joined()
    }
}
