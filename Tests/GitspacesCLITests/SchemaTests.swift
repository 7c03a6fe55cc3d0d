import Foundation
import GitspacesCore
import Testing

/// The JSON Schema editors use must agree with the validator on every field name.
@Suite struct SchemaTests {
    let definitions: [String: Any]

    init() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Binary.repositoryRoot + "/schema/gitspaces.schema.json"))
        let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var definitions = try #require(schema["definitions"] as? [String: Any])
        definitions["document"] = schema
        self.definitions = definitions
    }

    func properties(_ path: String...) throws -> [String] {
        var node: Any? = definitions
        for key in path { node = (node as? [String: Any])?[key] }
        let object = try #require(node as? [String: Any])
        return try #require(object["properties"] as? [String: Any]).keys.sorted()
    }

    @Test func schemaFieldsMatchTheValidatorsFields() throws {
        #expect(try properties("document") == ManifestSchema.document.sorted())
        #expect(try properties("metadata") == ManifestSchema.metadata.sorted())
        #expect(try properties("gitspaceSpec") == ManifestSchema.gitspaceSpec.sorted())
        #expect(try properties("gitspaceSpec", "properties", "ssh") == ManifestSchema.ssh.sorted())
        #expect(try properties("hardware") == ManifestSchema.hardware.sorted())
        #expect(try properties("hardwareProfileSpec") == ManifestSchema.hardwareProfileSpec.sorted())
        #expect(try properties("policySpec") == ManifestSchema.policySpec.sorted())
        #expect(
            try properties("policySpec", "properties", "devcontainer") == ManifestSchema.policyDevcontainer.sorted())
    }

    @Test func shippedManifestsCarryTheSchemaModeline() throws {
        let root = Binary.repositoryRoot + "/manifests"
        let files = try #require(FileManager.default.subpaths(atPath: root)).filter(ManifestSchema.isManifestPath)
        #expect(!files.isEmpty)
        for file in files {
            let text = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
            #expect(text.hasPrefix("# yaml-language-server: $schema="), "\(file) has no schema modeline")
            let relative = text.prefix { $0 != "\n" }.split(separator: "=").last.map(String.init) ?? ""
            let schema = URL(fileURLWithPath: root + "/" + file).deletingLastPathComponent().appendingPathComponent(
                relative)
            #expect(
                FileManager.default.fileExists(atPath: schema.standardized.path),
                "\(file): \(relative) does not resolve")
        }
    }
}

/// README's manifest reference documents every field the validator accepts.
@Suite struct ManifestReferenceTests {
    @Test func everyFieldIsInTheReadmesReference() throws {
        let readme = try String(contentsOfFile: Binary.repositoryRoot + "/README.md", encoding: .utf8)
        let start = try #require(readme.range(of: "## Manifest reference"))
        let section = readme[start.upperBound...]
        let reference = String(section[..<(section.range(of: "\n## ")?.lowerBound ?? section.endIndex)])
        // metadata and spec are documented through their fields.
        var fields = ManifestSchema.document.filter { $0 != "metadata" && $0 != "spec" }
        fields += ManifestSchema.metadata.map { "metadata.\($0)" }
        fields += ManifestSchema.gitspaceSpec.filter { $0 != "ssh" }.map { "spec.\($0)" }
        fields += ManifestSchema.ssh.map { "spec.ssh.\($0)" }
        fields += ManifestSchema.hardware.map { "spec.\($0)" }
        fields += ManifestSchema.policySpec.filter { $0 != "devcontainer" }.map { "spec.\($0)" }
        fields += ManifestSchema.policyDevcontainer.map { "spec.devcontainer.\($0)" }
        for field in fields {
            #expect(reference.contains("| `\(field)` |"), "README's manifest reference does not document \(field)")
        }
    }
}
