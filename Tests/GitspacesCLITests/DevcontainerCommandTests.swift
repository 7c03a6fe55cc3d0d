import Foundation
import GitspacesTestSupport
import Testing

@Suite struct DevcontainerCommandTests {
    @Test func resolvePrintsTheMergedConfigOfTheShippedExamples() throws {
        let result = try Binary.run(["devcontainer", "resolve", "examples/hello-python"], cwd: Binary.repositoryRoot)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(object?["image"] as? String == "gitspaces/devbase:bookworm")
        #expect(object?["forwardPorts"] as? [Int] == [8000])
        #expect(object?["workspaceFolder"] as? String == "/workspaces/hello-python")
    }

    @Test func resolveAcceptsTheDocumentedFormatJSONAndRefusesAnyOther() throws {
        let json = try Binary.run(
            ["devcontainer", "resolve", "--format", "json", "examples/hello-python"], cwd: Binary.repositoryRoot)
        #expect(json.status == 0, "\(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["image"] as? String == "gitspaces/devbase:bookworm")
        let yaml = try Binary.run(
            ["devcontainer", "resolve", "--format", "yaml", "examples/hello-python"], cwd: Binary.repositoryRoot)
        #expect(yaml.status == 2)
        #expect(yaml.stderr.contains("json"))
        #expect(yaml.stdout.isEmpty)
    }

    @Test func anInvalidConfigExitsTwoWithFileLineColumn() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        try "{\n  \"image\": \"x\",\n  \"runArgs\": [\"--pid=host\"],\n}\n".write(
            toFile: folder.appending(".devcontainer.json"), atomically: true, encoding: .utf8)
        let result = try Binary.run(["devcontainer", "resolve", folder.path])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix(".devcontainer.json:3:15: error: runArgs '--pid=host' is refused"))
    }

    @Test func noConfigShowsTheBuiltinDefault() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let result = try Binary.run(["devcontainer", "resolve", folder.path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("\"image\" : \"gitspaces/devbase:bookworm\"") || result.stdout.contains("\"image\": \"gitspaces/devbase:bookworm\""))
    }
}
