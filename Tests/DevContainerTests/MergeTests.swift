import DevContainer
import Shared
import Testing

/// The spec's merge logic for an image's `devcontainer.metadata` label: entries in label order,
/// devcontainer.json last.
@Suite struct MergeTests {
    static let label = """
        [
          {"id": "feature-a", "init": true, "capAdd": ["SYS_PTRACE"], "securityOpt": ["label=disable"],
           "entrypoint": "/a.sh", "onCreateCommand": "echo a", "customizations": {"vscode": {"x": 1}},
           "mounts": ["type=volume,source=a,target=/data"], "remoteUser": "a", "waitFor": "onCreateCommand"},
          {"privileged": true, "capAdd": ["NET_ADMIN", "SYS_PTRACE"], "entrypoint": "/b.sh",
           "onCreateCommand": ["echo", "b"], "containerEnv": {"X": "image", "Y": "image"},
           "remoteEnv": {"R": "image", "S": "image"}, "containerUser": "b", "forwardPorts": [1, "localhost:2"],
           "portsAttributes": {"1": {"label": "image"}}, "otherPortsAttributes": {"onAutoForward": "ignore"},
           "hostRequirements": {"cpus": 8, "memory": "1gb", "storage": "10gb", "gpu": "optional"},
           "overrideCommand": false, "updateRemoteUserUID": false, "shutdownAction": "none", "userEnvProbe": "none"}
        ]
        """

    static let config = """
        {
          "image": "acme/dev:1",
          "init": false,
          "privileged": false,
          "capAdd": ["SYS_PTRACE", "SYS_ADMIN"],
          "onCreateCommand": "echo config",
          "containerEnv": {"Y": "config"},
          "remoteEnv": {"S": null},
          "remoteUser": "config",
          "forwardPorts": [2, 3],
          "portsAttributes": {"1": {"label": "config"}},
          "mounts": ["type=volume,source=config,target=/data", "type=volume,source=c2,target=/other"],
          "hostRequirements": {"cpus": 2, "memory": "4gb", "gpu": true},
          "customizations": {"vscode": {"y": 2}, "jetbrains": {"z": 3}},
          "updateRemoteUserUID": true,
        }
        """

    static func merged() throws -> ResolvedDevContainer {
        try Fixture.resolve(config, label: label).resolved
    }

    @Test func trueWinsForInitAndPrivileged() throws {
        let resolved = try Self.merged()
        #expect(resolved.initProcess)
        #expect(resolved.privileged)
    }

    @Test func capabilitiesAndSecurityOptionsAreUnitedWithoutDuplicates() throws {
        let resolved = try Self.merged()
        #expect(resolved.capAdd == ["SYS_PTRACE", "NET_ADMIN", "SYS_ADMIN"])
        #expect(resolved.securityOpt == ["label=disable"])
    }

    @Test func lifecycleCommandsAreCollectedImageFirst() throws {
        let steps = try Self.merged().commands(for: .onCreateCommand)
        #expect(
            steps == [
                LifecycleStep(origin: "feature-a", command: .shell("echo a")),
                LifecycleStep(origin: "image metadata[1]", command: .exec(["echo", "b"])),
                LifecycleStep(origin: "devcontainer.json", command: .shell("echo config")),
            ])
    }

    @Test func environmentsMergePerVariableWithTheConfigLast() throws {
        let resolved = try Self.merged()
        #expect(resolved.containerEnv == ["X": "image", "Y": "config"])
        #expect(resolved.remoteEnv == ["R": "image", "S": String?.none])
    }

    @Test func singleValuesTakeTheLastOneSet() throws {
        let resolved = try Self.merged()
        #expect(resolved.remoteUser == "config")
        #expect(resolved.containerUser == "b")
        #expect(resolved.waitFor == "onCreateCommand")
        #expect(resolved.overrideCommand == false)
        #expect(resolved.updateRemoteUserUID == true)
        #expect(resolved.shutdownAction == "none")
        #expect(resolved.userEnvProbe == "none")
        #expect(resolved.otherPortsAttributes == .object(["onAutoForward": .string("ignore")]))
    }

    @Test func mountsOnTheSameTargetKeepTheLaterOne() throws {
        let resolved = try Self.merged()
        #expect(
            resolved.mounts.map(\.description) == [
                "type=volume,source=config,target=/data", "type=volume,source=c2,target=/other",
            ])
    }

    @Test func forwardPortsAreUnitedAndPortsAttributesMergePerPort() throws {
        let resolved = try Self.merged()
        #expect(resolved.forwardPorts.map(\.description) == ["1", "2", "3"])
        #expect(resolved.portsAttributes == ["1": .object(["label": .string("config")])])
    }

    @Test func hostRequirementsTakeTheLargestValue() throws {
        let requirements = try #require(try Self.merged().hostRequirements)
        #expect(requirements == HostRequirements(cpus: 8, memoryBytes: 4 << 30, storageBytes: 10 << 30, gpu: .required))
    }

    @Test func gpuRequirementsMergeLikeTheReferenceCLI() {
        // false or absent yields; two optional stay optional; otherwise the larger details.
        let required = HostRequirements(gpu: .required)
        #expect(HostRequirements(gpu: .notRequired).mergedForTest(required).gpu == .required)
        #expect(HostRequirements(gpu: .optional).mergedForTest(HostRequirements(gpu: .optional)).gpu == .optional)
        #expect(HostRequirements(gpu: .optional).mergedForTest(required).gpu == .required)
        #expect(
            HostRequirements(gpu: .detailed(cores: 2, memoryBytes: nil)).mergedForTest(
                HostRequirements(gpu: .detailed(cores: 1, memoryBytes: 8 << 30))
            ).gpu
                == .detailed(cores: 2, memoryBytes: 8 << 30))
    }

    @Test func entrypointsAndCustomizationsAreCollected() throws {
        let resolved = try Self.merged()
        #expect(resolved.entrypoints == ["/a.sh", "/b.sh"])
        #expect(
            resolved.customizations == [
                "vscode": [.object(["x": .number("1")]), .object(["y": .number("2")])],
                "jetbrains": [.object(["z": .number("3")])],
            ])
    }

    @Test func aSingleObjectLabelIsOneEntry() throws {
        let resolved = try Fixture.resolve(
            #"{"image": "x"}"#, label: #"{"remoteUser": "vscode", "postStartCommand": "date"}"#
        ).resolved
        #expect(resolved.remoteUser == "vscode")
        #expect(
            resolved.commands(for: .postStartCommand) == [
                LifecycleStep(origin: "image metadata[0]", command: .shell("date"))
            ])
    }

    @Test func configOnlyPropertiesInALabelAreIgnored() throws {
        let resolution = try Fixture.resolve(
            #"{"image": "x"}"#, label: #"[{"image": "evil", "runArgs": ["--privileged"], "workspaceFolder": "/"}]"#)
        #expect(resolution.resolved.image == "x")
        #expect(!resolution.resolved.privileged)
        #expect(resolution.resolved.workspaceFolder == "/workspaces/payments")
        #expect(resolution.warnings.count == 3)
    }

    @Test func withoutALabelTheConfigStandsAlone() throws {
        let resolved = try Fixture.resolve(Self.config).resolved
        #expect(!resolved.initProcess && !resolved.privileged)
        #expect(resolved.capAdd == ["SYS_PTRACE", "SYS_ADMIN"])
        #expect(resolved.commands(for: .onCreateCommand).count == 1)
    }
}

extension HostRequirements {
    /// The merge as seen through a two-entry resolution (the merge itself is internal).
    func mergedForTest(_ later: HostRequirements) -> HostRequirements {
        func json(_ requirements: HostRequirements) -> String { requirements.canonical.rendered(pretty: false) }
        let label = #"[{"hostRequirements": \#(json(self))}]"#
        let config = #"{"image": "x", "hostRequirements": \#(json(later))}"#
        return (try? Fixture.resolve(config, label: label).resolved.hostRequirements) ?? HostRequirements()
    }
}
