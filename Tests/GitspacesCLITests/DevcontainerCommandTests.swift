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

    @Test func resolveListsLocalFeaturesInInstallOrder() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let files = [
            ".devcontainer/devcontainer.json":
                #"{"image": "x", "features": {"./tool": {"level": "3"}, "./base": true}, "postCreateCommand": "c"}"#,
            ".devcontainer/base/devcontainer-feature.json":
                #"{"id": "base", "version": "1.0.0", "options": {"greeting": {"type": "string", "default": "hi"}}, "postCreateCommand": "b"}"#,
            ".devcontainer/base/install.sh": "#!/bin/sh\n",
            ".devcontainer/tool/devcontainer-feature.json": #"{"id": "tool", "version": "2.0.0", "installsAfter": ["./base"]}"#,
            ".devcontainer/tool/install.sh": "#!/bin/sh\n",
        ]
        for (path, text) in files {
            let full = folder.appending(path)
            try FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
        let result = try Binary.run(["devcontainer", "resolve", "--format", "json", folder.path])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let features = try #require(object?["features"] as? [[String: Any]])
        #expect(features.map { $0["ref"] as? String } == ["./base", "./tool"])
        #expect(features[0]["env"] as? [String: String] == ["GREETING": "hi"])
        #expect(features[0]["options"] as? Bool == true)
        #expect(features[1]["options"] as? [String: String] == ["level": "3"])
        #expect(features[1]["version"] as? String == "2.0.0")
        #expect(features[1]["resolved"] as? String == ".devcontainer/tool")
        let lifecycle = object?["lifecycle"] as? [String: [[String: Any]]]
        #expect(lifecycle?["postCreateCommand"]?.map { $0["origin"] as? String } == ["./base", "devcontainer.json"])
    }
}
