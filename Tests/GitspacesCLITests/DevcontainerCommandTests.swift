import Foundation
import GitspacesTestSupport
import Testing

@Suite struct DevcontainerCommandTests {
    @Test func resolvePrintsTheMergedConfigOfTheShippedExamples() async throws {
        let result = try await Binary.run(
            ["devcontainer", "resolve", "examples/hello-python"], cwd: Binary.repositoryRoot)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(object?["image"] as? String == "gitspaces/devbase:bookworm")
        #expect(object?["forwardPorts"] as? [Int] == [8000])
        #expect(object?["workspaceFolder"] as? String == "/workspaces/hello-python")
    }

    @Test func resolveAcceptsTheDocumentedFormatJSONAndRefusesAnyOther() async throws {
        let json = try await Binary.run(
            ["devcontainer", "resolve", "--format", "json", "examples/hello-python"], cwd: Binary.repositoryRoot)
        #expect(json.status == 0, "\(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["image"] as? String == "gitspaces/devbase:bookworm")
        let yaml = try await Binary.run(
            ["devcontainer", "resolve", "--format", "yaml", "examples/hello-python"], cwd: Binary.repositoryRoot)
        #expect(yaml.status == 2)
        #expect(yaml.stderr.contains("json"))
        #expect(yaml.stdout.isEmpty)
    }

    @Test func anInvalidConfigExitsTwoWithFileLineColumn() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        try "{\n  \"image\": \"x\",\n  \"runArgs\": [\"--pid=host\"],\n}\n".write(
            toFile: folder.appending(".devcontainer.json"), atomically: true, encoding: .utf8)
        let result = try await Binary.run(["devcontainer", "resolve", folder.path])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix(".devcontainer.json:3:15: error: runArgs '--pid=host' is refused"))
    }

    @Test func noConfigShowsTheBuiltinDefault() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let result = try await Binary.run(["devcontainer", "resolve", folder.path])
        #expect(result.status == 0)
        #expect(
            result.stdout.contains("\"image\" : \"gitspaces/devbase:bookworm\"")
                || result.stdout.contains("\"image\": \"gitspaces/devbase:bookworm\""))
    }

    @Test func resolveListsLocalFeaturesInInstallOrder() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let files = [
            ".devcontainer/devcontainer.json":
                #"{"image": "x", "features": {"./tool": {"level": "3"}, "./base": true}, "postCreateCommand": "c"}"#,
            ".devcontainer/base/devcontainer-feature.json":
                #"{"id": "base", "version": "1.0.0", "options": {"greeting": {"type": "string", "default": "hi"}}, "postCreateCommand": "b"}"#,
            ".devcontainer/base/install.sh": "#!/bin/sh\n",
            ".devcontainer/tool/devcontainer-feature.json":
                #"{"id": "tool", "version": "2.0.0", "installsAfter": ["./base"]}"#,
            ".devcontainer/tool/install.sh": "#!/bin/sh\n",
        ]
        for (path, text) in files {
            let full = folder.appending(path)
            try FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
        let result = try await Binary.run(["devcontainer", "resolve", "--format", "json", folder.path])
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

    @Test func lockPinsRegistryFeaturesAndResolveFetchesByTheLockedDigest() async throws {
        let registry = try DockerRegistry()
        defer { registry.stop() }
        let first = try TestFeature(id: "hello", version: "1.0.0")
        let digest = try await first.publish(to: registry.address, repository: "features/hello", tag: "1")
        let reference = "\(registry.address)/features/hello:1"
        let folder = try TemporaryDirectory()
        let state = try TemporaryDirectory()
        defer {
            folder.remove()
            state.remove()
        }
        try FileManager.default.createDirectory(
            atPath: folder.appending(".devcontainer"), withIntermediateDirectories: true)
        try #"{"image": "x", "features": {"\#(reference)": {"greeting": "hey"}}}"#.write(
            toFile: folder.appending(".devcontainer/devcontainer.json"), atomically: true, encoding: .utf8)

        let lock = try await Binary.run(["devcontainer", "lock", folder.path, "--state-dir", state.path])
        #expect(lock.status == 0, "\(lock.stderr)")
        let text = try String(contentsOfFile: folder.appending(".devcontainer/devcontainer-lock.json"), encoding: .utf8)
        let locked = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: [String: [String: Any]]]
        let entry = try #require(locked?["features"]?[reference])
        #expect(entry["integrity"] as? String == digest)
        #expect(entry["version"] as? String == "1.0.0")
        #expect(entry["resolved"] as? String == "\(registry.address)/features/hello@\(digest)")

        // The tag moves on; the lock keeps resolve (and apply) on the digest it pinned.
        _ = try await TestFeature(id: "hello", version: "2.0.0").publish(
            to: registry.address, repository: "features/hello", tag: "1")
        let resolve = try await Binary.run(["devcontainer", "resolve", folder.path, "--state-dir", state.path])
        #expect(resolve.status == 0, "\(resolve.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(resolve.stdout.utf8)) as? [String: Any]
        let features = try #require(object?["features"] as? [[String: Any]])
        #expect(features.first?["version"] as? String == "1.0.0")
        #expect((features.first?["resolved"] as? String)?.hasSuffix(digest) == true)
        #expect(features.first?["env"] as? [String: String] == ["GREETING": "hey"])
    }
}
