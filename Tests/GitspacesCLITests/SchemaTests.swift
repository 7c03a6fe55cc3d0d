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
        #expect(try properties("policySpec") == ManifestSchema.policySpec.sorted())
        #expect(try properties("policySpec", "properties", "devcontainer") == ManifestSchema.policyDevcontainer.sorted())
    }

    @Test func shippedManifestsCarryTheSchemaModeline() throws {
        let root = Binary.repositoryRoot + "/manifests"
        let files = try #require(FileManager.default.subpaths(atPath: root)).filter(ManifestSchema.isManifestPath)
        #expect(!files.isEmpty)
        for file in files {
            let text = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
            #expect(text.hasPrefix("# yaml-language-server: $schema="), "\(file) has no schema modeline")
            let relative = text.prefix { $0 != "\n" }.split(separator: "=").last.map(String.init) ?? ""
            let schema = URL(fileURLWithPath: root + "/" + file).deletingLastPathComponent().appendingPathComponent(relative)
            #expect(FileManager.default.fileExists(atPath: schema.standardized.path), "\(file): \(relative) does not resolve")
        }
    }
}
