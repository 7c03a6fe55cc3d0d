import DevContainer
import Testing

@Suite struct HardwareTests {
    static let config = """
        {
          "image": "x",
          "hostRequirements": { "cpus": 4, "memory": "8gb", "storage": "64gb", "gpu": true }
        }
        """

    @Test func hardwareBelowEachRequirementIsAnErrorNamingBothPlaces() throws {
        let resolution = try Fixture.resolve(Self.config)
        let small = HostHardware(millicpus: 2500, memoryBytes: 4 << 30, diskBytes: 32 << 30, gpus: 0)
        #expect(
            resolution.checkHardware(small, label: #"hardware profile "small""#).map(\.description) == [
                #".devcontainer/devcontainer.json:3:33: error: hardware profile "small" cpus 2.5 is below hostRequirements.cpus 4 (.devcontainer/devcontainer.json:3:33)"#,
                #".devcontainer/devcontainer.json:3:46: error: hardware profile "small" memory 4Gi is below hostRequirements.memory 8gb (.devcontainer/devcontainer.json:3:46)"#,
                #".devcontainer/devcontainer.json:3:64: error: hardware profile "small" disk 32Gi is below hostRequirements.storage 64gb (.devcontainer/devcontainer.json:3:64)"#,
                #".devcontainer/devcontainer.json:3:79: error: hardware profile "small" gpus 0 is below hostRequirements.gpu true (.devcontainer/devcontainer.json:3:79)"#,
            ])
    }

    @Test func hardwareMeetingTheRequirementsPasses() throws {
        let resolution = try Fixture.resolve(Self.config)
        #expect(
            resolution.checkHardware(HostHardware(millicpus: 4000, memoryBytes: 8 << 30, diskBytes: 64 << 30, gpus: 1))
                .isEmpty)
        // An unlimited disk meets any storage requirement.
        #expect(
            resolution.checkHardware(HostHardware(millicpus: 8000, memoryBytes: 16 << 30, diskBytes: nil, gpus: 2))
                .isEmpty)
    }

    @Test func anOptionalGPUDoesNotNeedOne() throws {
        let resolution = try Fixture.resolve(#"{"image": "x", "hostRequirements": {"gpu": "optional"}}"#)
        #expect(resolution.checkHardware(HostHardware(millicpus: 1000, memoryBytes: 1 << 30)).isEmpty)
    }

    @Test func withoutRequirementsNothingIsChecked() throws {
        #expect(
            try Fixture.resolve(#"{"image": "x"}"#).checkHardware(HostHardware(millicpus: 1, memoryBytes: 1)).isEmpty)
    }

    @Test func aRequirementFromTheImageNamesTheLabel() throws {
        let resolution = try Fixture.resolve(
            #"{"image": "x", "hostRequirements": {"cpus": 2}}"#, label: #"[{"hostRequirements": {"cpus": 16}}]"#)
        #expect(
            resolution.checkHardware(HostHardware(millicpus: 4000, memoryBytes: 1 << 30)).map(\.description) == [
                "image x label devcontainer.metadata:1:32: error: hardware cpus 4 is below hostRequirements.cpus 16 (image x label devcontainer.metadata:1:32)"
            ])
    }

    @Test func requirementsSizeAGitspaceWithoutHardware() throws {
        let requirements = try #require(try Fixture.resolve(Self.config).resolved.hostRequirements)
        let fallback = HostHardware(millicpus: 2000, memoryBytes: 4 << 30, diskBytes: 16 << 30)
        #expect(
            requirements.derivedHardware(fallback: fallback)
                == HostHardware(millicpus: 4000, memoryBytes: 8 << 30, diskBytes: 64 << 30, gpus: 1))
        let partial = HostRequirements(memoryBytes: 2 << 30)
        #expect(
            partial.derivedHardware(fallback: fallback)
                == HostHardware(millicpus: 2000, memoryBytes: 2 << 30, diskBytes: 16 << 30, gpus: 0))
        // The derived hardware always passes the check it came from.
        let resolution = try Fixture.resolve(Self.config)
        #expect(resolution.checkHardware(requirements.derivedHardware(fallback: fallback)).isEmpty)
    }
}
