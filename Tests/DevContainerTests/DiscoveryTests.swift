import DevContainer
import Testing

@Suite struct DiscoveryTests {
    static let all = [
        ".devcontainer/devcontainer.json", ".devcontainer.json", ".devcontainer/python/devcontainer.json",
        ".devcontainer/go/devcontainer.json", "src/main.go",
    ]

    @Test func theDevcontainerFolderComesFirst() {
        #expect(DevContainerDiscovery.locate(files: Self.all, override: nil) == ".devcontainer/devcontainer.json")
        #expect(
            DevContainerDiscovery.discover(files: Self.all, override: nil)
                == .found(
                    path: ".devcontainer/devcontainer.json",
                    others: [".devcontainer/go/devcontainer.json", ".devcontainer/python/devcontainer.json"]))
    }

    @Test func thenTheRootFile() {
        let files = Self.all.filter { $0 != ".devcontainer/devcontainer.json" }
        #expect(DevContainerDiscovery.locate(files: files, override: nil) == ".devcontainer.json")
    }

    @Test func thenTheFirstSubfolderByNameAndTheOthersAreReported() {
        let files = [
            ".devcontainer/python/devcontainer.json", ".devcontainer/go/devcontainer.json",
            ".devcontainer/Zed/devcontainer.json",
        ]
        #expect(
            DevContainerDiscovery.discover(files: files, override: nil)
                == .found(
                    path: ".devcontainer/Zed/devcontainer.json",
                    others: [".devcontainer/go/devcontainer.json", ".devcontainer/python/devcontainer.json"]))
    }

    @Test func onlyOneSubfolderLevelCounts() {
        let files = [
            ".devcontainer/a/b/devcontainer.json", "sub/.devcontainer/devcontainer.json",
            ".devcontainer/devcontainer.jsonc",
        ]
        #expect(DevContainerDiscovery.discover(files: files, override: nil) == .builtinDefault)
        #expect(DevContainerDiscovery.locate(files: files, override: nil) == nil)
    }

    @Test func theManifestOverrideWins() {
        #expect(
            DevContainerDiscovery.locate(files: Self.all, override: "./.devcontainer//go/devcontainer.json")
                == ".devcontainer/go/devcontainer.json")
        #expect(
            DevContainerDiscovery.discover(files: Self.all, override: ".devcontainer.json")
                == .override(path: ".devcontainer.json"))
    }

    @Test func aMissingOverrideIsToldApartAndNeverFallsBack() {
        #expect(
            DevContainerDiscovery.discover(files: Self.all, override: "dev/devcontainer.json")
                == .overrideNotFound(path: "dev/devcontainer.json"))
        #expect(
            DevContainerDiscovery.locate(files: Self.all, override: "dev/devcontainer.json") == "dev/devcontainer.json")
        #expect(
            DevContainerDiscovery.discover(files: Self.all, override: "../other/devcontainer.json")
                == .overrideNotFound(path: "../other/devcontainer.json"))
        #expect(DevContainerDiscovery.discover(files: Self.all, override: "/etc/passwd").path == nil)
    }

    @Test func noFileMeansTheBuiltinDefault() throws {
        #expect(DevContainerDiscovery.discover(files: ["README.md"], override: nil) == .builtinDefault)
        #expect(DevContainerConfig.builtinDefault().image == "gitspaces/devbase:bookworm")
        let resolution = try DevContainerResolver.resolve(
            configText: nil, file: ".devcontainer/devcontainer.json", context: Fixture.context)
        #expect(resolution.resolved.image == DevContainerConfig.defaultImage)
        #expect(resolution.resolved.workspaceFolder == "/workspaces/payments")
    }
}
