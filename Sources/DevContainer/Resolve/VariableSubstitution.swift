import Shared

/// Substitutes `${…}` variables in string values (spec "Variables in devcontainer.json").
///
/// | variable | value |
/// |---|---|
/// | `${localEnv:NAME}`, `${localEnv:NAME:default}` (alias `env`) | from the allow-list only; otherwise the default or `""`, with a warning |
/// | `${containerEnv:NAME}`, `${containerEnv:NAME:default}` | from the container's environment when known; before that the text stays as written (the runtime marker) and NAME is listed in `pendingContainerEnv` |
/// | `${localWorkspaceFolder}`, `${localWorkspaceFolderBasename}` | the workspace directory on the host |
/// | `${containerWorkspaceFolder}`, `${containerWorkspaceFolderBasename}` | the resolved `workspaceFolder` |
/// | `${devcontainerId}` | ``DevContainerID`` of the context's id labels |
///
/// Anything else (`${localHomeFolder}`, `${foo}`) stays as written, with a warning. Substituted
/// values are never scanned again, so a value cannot inject further variables. Unlike the
/// reference CLI, a default keeps its colons (`${localEnv:URL:http://x}` defaults to `http://x`).
struct VariableSubstitution {
    let context: DevContainerContext
    /// nil while the workspace folder itself is being resolved.
    var containerWorkspaceFolder: String?
    let devcontainerId: String
    var diagnostics: [DevContainerDiagnostic] = []
    var pendingContainerEnv: Set<String> = []

    init(context: DevContainerContext, devcontainerId: String) {
        self.context = context
        self.devcontainerId = devcontainerId
    }

    mutating func substitute(_ text: String, at source: DevContainerSource) -> String {
        guard text.contains("${") else { return text }
        var output = ""
        var rest = Substring(text)
        while let start = Self.openingIndex(in: rest) {
            output += rest[..<start]
            let afterOpen = rest[rest.index(start, offsetBy: 2)...]
            guard let close = afterOpen.firstIndex(of: "}") else {
                output += rest[start...]
                return output
            }
            let match = String(rest[start...close])
            output += replacement(for: String(afterOpen[..<close]), match: match, at: source)
            rest = afterOpen[afterOpen.index(after: close)...]
        }
        return output + rest
    }

    private mutating func replacement(for body: String, match: String, at source: DevContainerSource) -> String {
        let parts = body.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        let variable = parts[0]
        let name = parts.count > 1 ? parts[1] : nil
        let fallback = parts.count > 2 ? parts[2] : nil
        switch variable {
        case "localEnv", "env":
            guard let name, !name.isEmpty else {
                diagnostics.append(
                    DevContainerDiagnostic(.error, at: source, "\(match) names no variable: write ${localEnv:NAME}"))
                return ""
            }
            if let value = context.localEnv[name] { return value }
            let outcome = fallback.map { "its default \"\($0)\" is used" } ?? "it is replaced by an empty string"
            diagnostics.append(
                DevContainerDiagnostic(
                    .warning, at: source,
                    "\(match) in \"\(source.property)\": \(name) is not in the allow-list of local variables, so \(outcome)"
                ))
            return fallback ?? ""
        case "containerEnv":
            guard let name, !name.isEmpty else {
                diagnostics.append(
                    DevContainerDiagnostic(.error, at: source, "\(match) names no variable: write ${containerEnv:NAME}")
                )
                return ""
            }
            guard let environment = context.containerEnv else {
                pendingContainerEnv.insert(name)
                return match
            }
            return environment[name] ?? fallback ?? ""
        case "localWorkspaceFolder" where name == nil:
            return context.localWorkspaceFolder
        case "localWorkspaceFolderBasename" where name == nil:
            return Self.basename(context.localWorkspaceFolder)
        case "containerWorkspaceFolder" where name == nil:
            guard let containerWorkspaceFolder else {
                return unresolved(match, at: source, "it cannot refer to itself")
            }
            return containerWorkspaceFolder
        case "containerWorkspaceFolderBasename" where name == nil:
            guard let containerWorkspaceFolder else {
                return unresolved(match, at: source, "it cannot refer to itself")
            }
            return Self.basename(containerWorkspaceFolder)
        case "devcontainerId" where name == nil:
            return devcontainerId
        default:
            return unresolved(match, at: source, "it is not a variable Gitspaces knows")
        }
    }

    private mutating func unresolved(_ match: String, at source: DevContainerSource, _ reason: String) -> String {
        diagnostics.append(
            DevContainerDiagnostic(
                .warning, at: source, "\(match) in \"\(source.property)\" is left as written: \(reason)"))
        return match
    }

    /// The index of the next `${`.
    static func openingIndex(in text: Substring) -> Substring.Index? {
        var index = text.startIndex
        while let dollar = text[index...].firstIndex(of: "$") {
            let next = text.index(after: dollar)
            if next < text.endIndex, text[next] == "{" { return dollar }
            index = next
        }
        return nil
    }

    static func basename(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// Substitutes every string inside an opaque JSON value.
    mutating func substitute(_ value: JSONTree, at source: DevContainerSource) -> JSONTree {
        switch value {
        case .string(let text): .string(substitute(text, at: source))
        case .array(let items): .array(items.map { substitute($0, at: source) })
        case .object(let members): .object(members.mapValues { substitute($0, at: source) })
        default: value
        }
    }
}
