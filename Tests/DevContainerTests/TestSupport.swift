import DevContainer
import Foundation
import Shared
import Testing

/// Values shared by the tests: one Gitspace, one host workspace, a small allow-list.
enum Fixture {
    static let workspace = "/var/lib/gitspaces/workspaces/alice-payments"

    static let context = DevContainerContext(
        repositoryName: "payments",
        localWorkspaceFolder: workspace,
        localEnv: ["TZ": "Europe/Berlin", "NPM_REGISTRY": "https://npm.example.com"],
        idLabels: DevContainerID.gitspaceLabels(instance: "default", name: "alice-payments"))

    /// The id of `context`, computed independently (see DevContainerIDTests).
    static let devcontainerId = "191jet025qgg7a2d8il46hf6e70ek6uj7sumc8pfr4f8hhi3inh2"

    static let file = ".devcontainer/devcontainer.json"

    static func parse(_ text: String, file: String = file) throws -> DevContainerParseResult {
        try DevContainerConfig.parse(text, file: file)
    }

    static func resolve(
        _ text: String, label: String? = nil, context: DevContainerContext = context, file: String = file
    ) throws -> DevContainerResolution {
        try DevContainerResolver.resolve(configText: text, file: file, imageLabel: label, context: context)
    }

    /// The errors of a config that must not parse or resolve.
    static func errors(_ text: String, label: String? = nil, file: String = file) -> [DevContainerDiagnostic] {
        do {
            _ = try resolve(text, label: label, file: file)
            return []
        } catch {
            return (error as? DevContainerError)?.diagnostics ?? []
        }
    }
}

extension String {
    /// Pretty canonical JSON of a JSON text, so expectations may be formatted freely.
    var canonicalJSON: String {
        get throws { try JSONC.parse(self).root.canonical.rendered() }
    }
}

/// Feature metadata for install-order tests: each reference's `devcontainer-feature.json` made from its id, a
/// version and the extra fields given as JSON text (`"dependsOn": {...}`).
func featureMetadata(_ graph: [String: String], version: String) throws -> [FeatureReference.Kind: FeatureMetadata] {
    var metadata: [FeatureReference.Kind: FeatureMetadata] = [:]
    for (key, fields) in graph {
        let reference = try FeatureReference.parse(key, configFolder: ".devcontainer").get()
        let text = "{\"id\": \"\(reference.id)\", \"version\": \"\(version)\"\(fields.isEmpty ? "" : ", " + fields)}"
        metadata[reference.kind] = try FeatureMetadata.parse(bytes: Array(text.utf8), file: key).metadata
    }
    return metadata
}
