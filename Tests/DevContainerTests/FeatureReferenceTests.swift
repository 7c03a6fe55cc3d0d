import DevContainer
import Shared
import Testing

/// `features` keys: local folders, OCI references, tarballs and legacy ids, parsed as the reference does.
@Suite struct FeatureReferenceTests {
    static func parse(_ key: String, folder: String = ".devcontainer") throws -> FeatureReference {
        try FeatureReference.parse(key, configFolder: folder).get()
    }

    static func refusal(_ key: String, folder: String = ".devcontainer") -> String? {
        if case .failure(let error) = FeatureReference.parse(key, configFolder: folder) { return error.message }
        return nil
    }

    @Test func aLocalFeatureIsAFolderBesideDevcontainerJSON() throws {
        let reference = try Self.parse("./tools/../my-feature")
        #expect(reference.kind == .local(path: ".devcontainer/my-feature"))
        #expect(reference.id == "my-feature")
        #expect(reference.normalizedID == ".devcontainer/my-feature")
        #expect(try Self.parse("./a", folder: "").kind == .local(path: "a"))
    }

    @Test func aLocalFeatureMayNotLeaveTheFolderOfDevcontainerJSON() {
        #expect(Self.refusal("../outside")?.contains("leaves the folder of devcontainer.json") == true)
        #expect(Self.refusal("./a/../../b")?.contains("leaves the folder") == true)
        #expect(Self.refusal("./")?.contains("must name a folder") == true)
        #expect(Self.refusal("/abs/feature")?.contains("absolute path") == true)
    }

    @Test func anOCIReferenceIsLowercasedAndDefaultsToLatest() throws {
        let reference = try Self.parse("GHCR.io/DevContainers/Features/Node")
        #expect(
            reference.kind
                == .oci(registry: "ghcr.io", namespace: "devcontainers/features", name: "node", version: .tag("latest"))
        )
        #expect(reference.normalizedID == "ghcr.io/devcontainers/features/node")
        #expect(reference.description == "ghcr.io/devcontainers/features/node:latest")
        #expect(reference.written == "GHCR.io/DevContainers/Features/Node")
    }

    @Test func anOCIReferenceKeepsItsTagOrDigestOutOfTheNormalisedID() throws {
        let tagged = try Self.parse("localhost:5000/acme/features/tool:1.2")
        #expect(
            tagged.kind
                == .oci(registry: "localhost:5000", namespace: "acme/features", name: "tool", version: .tag("1.2")))
        #expect(tagged.normalizedID == "localhost:5000/acme/features/tool")
        let digest = "sha256:" + String(repeating: "ab", count: 32)
        let pinned = try Self.parse("ghcr.io/acme/tool@\(digest)")
        #expect(pinned.kind == .oci(registry: "ghcr.io", namespace: "acme", name: "tool", version: .digest(digest)))
        #expect(pinned.normalizedID == "ghcr.io/acme/tool")
        #expect(Self.refusal("ghcr.io/acme/tool@sha256:abc")?.contains("64 hex digits") == true)
        #expect(Self.refusal("ghcr.io/tool")?.contains("not a valid OCI reference") == true)
    }

    @Test func legacyBareIdsMapToTheDevcontainersFeaturesAtMajorOne() throws {
        #expect(try Self.parse("node").description == "ghcr.io/devcontainers/features/node:1")
        #expect(try Self.parse("common").description == "ghcr.io/devcontainers/features/common-utils:1")
        #expect(try Self.parse("golang").description == "ghcr.io/devcontainers/features/go:1")
        #expect(try Self.parse("python").written == "python")
        #expect(Self.refusal("frobnicate")?.contains("known legacy id") == true)
    }

    @Test func aTarballURLNamesItsFeatureInTheFileName() throws {
        let url = "https://example.com/releases/devcontainer-feature-color.tgz"
        let reference = try Self.parse(url)
        #expect(reference.kind == .tarball(url: url))
        #expect(reference.id == "color")
        #expect(Self.refusal("https://example.com/color.tgz")?.contains("devcontainer-feature-ID.tgz") == true)
        #expect(Self.refusal("http://example.com/devcontainer-feature-x.tgz")?.contains("https") == true)
    }

    @Test func entriesKeepTheirOptionsAsWrittenAndErrorsTheirPlace() throws {
        let text = """
            {
              "image": "x",
              "features": {
                "./a": {"flavour": "mint", "fast": true},
                "node": "18",
                "./b": true,
                "../c": {},
                "./d": false
              }
            }
            """
        let config = try Fixture.parse(text).config
        let read = FeatureRequest.read(config)
        #expect(read.requests.map(\.reference.written) == ["./a", "node", "./b"])
        #expect(read.requests[0].optionsAsWritten == .object(["flavour": .string("mint"), "fast": .bool(true)]))
        #expect(read.requests[1].userOptions.map(\.key) == ["version"])
        #expect(read.requests[2].userOptions.isEmpty)
        #expect(
            read.errors.map(\.location) == [
                ".devcontainer/devcontainer.json:7:5", ".devcontainer/devcontainer.json:8:12",
            ])
        #expect(read.errors[1].message.contains("false"))
    }
}
