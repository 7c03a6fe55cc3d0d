import DevContainer
import Shared
import Testing

/// devcontainer-feature.json and the option values install.sh sees.
@Suite struct FeatureMetadataTests {
    static let file = ".devcontainer/a/devcontainer-feature.json"

    static let text = """
        {
          // comments are allowed
          "id": "a",
          "version": "1.2.0",
          "name": "Feature A",
          "options": {
            "flavour": {"type": "string", "enum": ["mint", "lemon"], "default": "mint"},
            "fast": {"type": "boolean", "default": false},
            "path": {"type": "string", "proposals": ["/opt"], "default": "/usr/local"},
            "noDefault": {"type": "string"}
          },
          "containerEnv": {"A_HOME": "/opt/a", "PATH": "/opt/a/bin:${PATH}"},
          "mounts": [{"type": "volume", "source": "a-cache", "target": "/cache"}],
          "capAdd": ["sys_ptrace"],
          "securityOpt": ["seccomp=unconfined"],
          "init": true,
          "privileged": true,
          "entrypoint": "/usr/local/share/a-init.sh",
          "dependsOn": {"./b": {"level": "2"}},
          "installsAfter": ["ghcr.io/devcontainers/features/common-utils"],
          "legacyIds": ["old-a"],
          "postCreateCommand": "echo a",
          "customizations": {"vscode": {"extensions": ["a.a"]}},
          "documentationURL": "https://example.com"
        }
        """

    static func metadata(_ text: String = text) throws -> FeatureMetadata {
        try FeatureMetadata.parse(bytes: Array(text.utf8), file: file).metadata
    }

    @Test func everyPropertyOfTheSpecIsRead() throws {
        let metadata = try Self.metadata()
        #expect(metadata.id == "a")
        #expect(metadata.version == "1.2.0")
        #expect(metadata.name == "Feature A")
        #expect(metadata.options.map(\.name) == ["flavour", "fast", "path", "noDefault"])
        #expect(metadata.option("flavour")?.allowed == ["mint", "lemon"])
        #expect(metadata.option("fast")?.type == .boolean)
        #expect(metadata.option("fast")?.defaultValue == .bool(false))
        #expect(metadata.option("path")?.proposals == ["/opt"])
        #expect(metadata.containerEnv == ["A_HOME": "/opt/a", "PATH": "/opt/a/bin:${PATH}"])
        #expect(metadata.mounts.map(\.target) == ["/cache"])
        #expect(metadata.capAdd == ["SYS_PTRACE"])
        #expect(metadata.securityOpt == ["seccomp=unconfined"])
        #expect(metadata.initProcess == true)
        #expect(metadata.privileged == true)
        #expect(metadata.entrypoint == "/usr/local/share/a-init.sh")
        #expect(metadata.dependsOn.map(\.key) == ["./b"])
        #expect(metadata.installsAfter == ["ghcr.io/devcontainers/features/common-utils"])
        #expect(metadata.legacyIds == ["old-a"])
        #expect(metadata.lifecycle[.postCreateCommand]?.canonical == .string("echo a"))
        #expect(metadata.customizations["vscode"] != nil)
    }

    @Test func errorsNameFileLineAndColumn() {
        func errors(_ text: String) -> [String] {
            do {
                _ = try FeatureMetadata.parse(bytes: Array(text.utf8), file: Self.file)
                return []
            } catch { return error.diagnostics.map(\.description) }
        }
        #expect(errors("{\n  \"id\": 3\n}") == [#"\#(Self.file):2:9: error: "id" must be a string, not a number"#])
        #expect(errors("{\"name\": \"x\"}").first?.contains("must set \"id\"") == true)
        #expect(
            errors("{\"id\": \"a\",\n \"options\": {\"x\": {\"type\": \"number\"}}}").first?.hasPrefix(
                "\(Self.file):2:") == true)
        #expect(errors("{\"id\": \"a\", \"capAdd\": \"X\"}").first?.contains("capAdd") == true)
        #expect(errors("{").first?.hasPrefix("\(Self.file):1:") == true)
    }

    static func request(_ value: String) throws -> FeatureRequest {
        let config = try Fixture.parse("{\n\"image\": \"x\",\n\"features\": {\"./a\": \(value)}\n}").config
        return FeatureRequest.read(config).requests[0]
    }

    @Test func userValuesGoOverDefaults() throws {
        let resolved = FeatureOptions.resolve(
            try Self.request(#"{"fast": true, "path": "/srv"}"#), metadata: try Self.metadata())
        #expect(resolved.diagnostics.isEmpty)
        #expect(resolved.options.values == ["flavour": .string("mint"), "fast": .bool(true), "path": .string("/srv")])
        #expect(resolved.options.environment == ["FLAVOUR": "mint", "FAST": "true", "PATH": "/srv"])
        #expect(resolved.options.environmentFile == "FAST='true'\nFLAVOUR='mint'\nPATH='/srv'\n")
    }

    @Test func aVersionStringIsTheVersionOptionAndTrueTakesTheDefaults() throws {
        let metadata = try Self.metadata()
        #expect(
            FeatureOptions.resolve(try Self.request(#""2""#), metadata: metadata).options.values["version"]
                == .string("2"))
        #expect(FeatureOptions.resolve(try Self.request("true"), metadata: metadata).options.values.count == 3)
    }

    @Test func aValueOutsideTheEnumIsAnErrorAtTheUsersValue() throws {
        let resolved = FeatureOptions.resolve(
            try Self.request(#"{"flavour": "cherry"}"#), metadata: try Self.metadata())
        #expect(
            resolved.diagnostics.map(\.description) == [
                #".devcontainer/devcontainer.json:3:33: error: option "flavour" of feature ./a is "cherry"; allowed: "mint", "lemon""#
            ])
    }

    @Test func anUndeclaredOptionIsPassedOnWithAWarning() throws {
        let resolved = FeatureOptions.resolve(try Self.request(#"{"extra": "1"}"#), metadata: try Self.metadata())
        #expect(resolved.options.values["extra"] == .string("1"))
        #expect(resolved.diagnostics.map(\.severity) == [.warning])
    }

    @Test func optionNamesBecomeEnvironmentNamesByTheReferenceRule() {
        #expect(FeatureOptions.environmentName("version") == "VERSION")
        #expect(FeatureOptions.environmentName("install-tools") == "INSTALL_TOOLS")
        #expect(FeatureOptions.environmentName("node.version") == "NODE_VERSION")
        #expect(FeatureOptions.environmentName("123abc") == "_ABC")
        #expect(FeatureOptions.environmentName("__1x_y") == "_X_Y")
        #expect(FeatureOptions.environmentName("_a") == "_A")
        #expect(FeatureOptions.environmentName("héllo") == "H_LLO")
    }

    @Test func valuesAreShellQuoted() {
        #expect(FeatureDockerfile.shellQuoted("it's $HOME") == #"'it'\''s $HOME'"#)
        let options = FeatureOptions(values: ["x": .string("a'b")])
        #expect(options.environmentFile == "X='a'\\''b'\n")
    }
}
