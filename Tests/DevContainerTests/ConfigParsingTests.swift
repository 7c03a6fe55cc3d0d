import DevContainer
import Shared
import Testing

@Suite struct ConfigParsingTests {
    @Test func propertiesAreTyped() throws {
        let config = try Fixture.parse(
            """
            {
              "image": "img",
              "containerEnv": {"A": "1"},
              "remoteEnv": {"B": null, "C": "x"},
              "mounts": ["type=volume,source=v,target=/v", {"type": "bind", "source": "/s", "target": "/t"}],
              "forwardPorts": [80, "db:5432"],
              "appPort": "127.0.0.1::8080",
              "capAdd": ["cap_sys_ptrace"],
              "hostRequirements": {"cpus": 2, "memory": "512mb", "gpu": true},
              "postStartCommand": ["make", "serve"],
              "features": {"ghcr.io/x/y:1": "latest"},
            }
            """
        ).config
        #expect(config.image == "img")
        #expect(config.build == nil)
        #expect(config.containerEnv == ["A": "1"])
        #expect(config.remoteEnv == ["B": String?.none, "C": "x"])
        #expect(
            config.mounts == [
                DevContainerMount(type: .volume, source: "v", target: "/v"),
                DevContainerMount(type: .bind, source: "/s", target: "/t"),
            ])
        #expect(config.forwardPorts == [ForwardPort(port: 80), ForwardPort(host: "db", port: 5432)])
        #expect(config.appPort == [AppPort(hostIP: "127.0.0.1", hostPort: nil, containerPort: 8080)])
        #expect(config.capAdd == ["SYS_PTRACE"])
        #expect(config.hostRequirements == HostRequirements(cpus: 2, memoryBytes: 512 << 20, gpu: .required))
        #expect(config.lifecycle == [.postStartCommand: .exec(["make", "serve"])])
        #expect(config.features == [DevContainerFeature(id: "ghcr.io/x/y:1", options: .string("latest"))])
        #expect(config.source(of: "mounts[1].target").description == ".devcontainer/devcontainer.json:5:91")
    }

    @Test func wrongTypesAreErrorsNamingThePropertyAndPlace() {
        let errors = Fixture.errors(
            """
            {
              "image": "x",
              "containerEnv": { "A": 1 },
              "privileged": "yes",
              "forwardPorts": [70000],
              "mounts": ["type=bind,target=/x"],
              "hostRequirements": { "cpus": 1.5, "memory": "lots" },
              "postCreateCommand": 7,
              "remoteUser": "",
            }
            """)
        #expect(
            errors.map(\.description) == [
                #".devcontainer/devcontainer.json:3:26: error: "containerEnv.A" must be a string, not a number"#,
                #".devcontainer/devcontainer.json:4:17: error: "privileged" must be true or false, not a string"#,
                #".devcontainer/devcontainer.json:5:20: error: "forwardPorts[0]" must be a port number between 1 and 65535, not 70000"#,
                #".devcontainer/devcontainer.json:6:14: error: "mounts[0]": a bind mount needs a source in "type=bind,target=/x""#,
                #".devcontainer/devcontainer.json:7:33: error: "hostRequirements.cpus" must be a whole number from 1 to 1000000, not 1.5"#,
                #".devcontainer/devcontainer.json:7:48: error: "hostRequirements.memory" must be a size such as "512mb", "4gb" or "1tb", not "lots""#,
                #".devcontainer/devcontainer.json:8:24: error: "postCreateCommand" must be a string, an array of strings or an object of commands, not a number"#,
                #".devcontainer/devcontainer.json:9:17: error: "remoteUser" must not be empty"#,
            ])
        #expect(
            errors.map(\.property) == [
                "containerEnv.A", "privileged", "forwardPorts[0]", "mounts[0]", "hostRequirements.cpus",
                "hostRequirements.memory",
                "postCreateCommand", "remoteUser",
            ])
    }

    @Test func syntaxErrorsCarryTheFileLineAndColumn() {
        let errors = Fixture.errors("{\n  \"image\": \"x\"\n  \"init\": true\n}")
        #expect(
            errors.map(\.description) == [
                ".devcontainer/devcontainer.json:3:3: error: expected ',' or '}' after an object member, found '\"'"
            ])
    }

    @Test func composeConfigsAreRefusedClearly() {
        let errors = Fixture.errors(#"{"dockerComposeFile": ["a.yml"], "service": "app", "workspaceFolder": "/w"}"#)
        #expect(errors.count == 1)
        #expect(errors.first?.mark == JSONMark(line: 1, column: 23))
        #expect(
            errors.first?.message.hasPrefix("compose-based configs (\"dockerComposeFile\") are not supported") == true)
    }

    @Test func aConfigNeedsAnImageOrADockerfile() {
        #expect(
            Fixture.errors(#"{"name": "x"}"#).map(\.description) == [
                #".devcontainer/devcontainer.json:1:1: error: devcontainer.json names no image: set "image" or "build.dockerfile""#
            ])
        #expect(
            Fixture.errors(#"{"build": {"context": ".."}}"#).map(\.message) == [
                #""build" needs "dockerfile": the path of the Dockerfile relative to devcontainer.json"#
            ])
        #expect(
            Fixture.errors(#"{"image": "a", "build": {"dockerfile": "D"}}"#).map(\.description) == [
                #".devcontainer/devcontainer.json:1:11: error: set either "image" or "build.dockerfile", not both"#
            ])
        #expect(Fixture.errors("[]").map(\.message) == ["devcontainer.json must hold a JSON object, not an array"])
    }

    @Test func aDockerfileOutsideTheRepositoryIsRefused() {
        let errors = Fixture.errors(
            #"{"build": {"dockerfile": "../Dockerfile", "context": "../.."}}"#, file: ".devcontainer.json")
        #expect(
            errors.map(\.description) == [
                #".devcontainer.json:1:26: error: "build.dockerfile" "../Dockerfile" points outside the repository"#,
                #".devcontainer.json:1:54: error: "build.context" "../.." points outside the repository"#,
            ])
    }

    @Test func unknownPropertiesAreKeptIgnoredAndReported() throws {
        let result = try Fixture.parse(#"{"image": "x", "remoteENV": {}, "settings": {"a": 1}}"#)
        #expect(result.config.unknownProperties.map(\.key) == ["remoteENV", "settings"])
        #expect(
            result.warnings.map(\.description) == [
                #".devcontainer/devcontainer.json:1:16: warning: unknown property 'remoteENV' is ignored (did you mean 'remoteEnv'?)"#,
                #".devcontainer/devcontainer.json:1:33: warning: unknown property 'settings' is ignored"#,
            ])
    }

    @Test func repeatedKeysAreReportedAsWarnings() throws {
        let result = try Fixture.parse("{\"image\": \"a\",\n\"image\": \"b\"}")
        #expect(result.config.image == "b")
        #expect(
            result.warnings.map(\.description) == [
                #".devcontainer/devcontainer.json:1:2: warning: "image" is set more than once; the value at 2:1 wins"#
            ])
    }

    @Test func lifecycleFormsAreReadAndBadOnesRefused() throws {
        let config = try Fixture.parse(
            #"{"image": "x", "onCreateCommand": "a && b", "updateContentCommand": ["npm", "ci"], "postCreateCommand": {"one": "x", "two": ["y", "z"]}, "postAttachCommand": ""}"#
        ).config
        #expect(config.lifecycle[.onCreateCommand] == .shell("a && b"))
        #expect(config.lifecycle[.updateContentCommand] == .exec(["npm", "ci"]))
        #expect(
            config.lifecycle[.postCreateCommand]
                == .parallel([
                    NamedCommand(name: "one", command: .shell("x")),
                    NamedCommand(name: "two", command: .exec(["y", "z"])),
                ]))
        #expect(config.lifecycle[.postAttachCommand] == nil)

        let errors = Fixture.errors(
            #"{"image": "x", "postCreateCommand": {"a": {"b": "c"}}, "postStartCommand": [], "onCreateCommand": ["x", 1]}"#
        )
        #expect(
            errors.map(\.message) == [
                #""postCreateCommand.a" must be a string or an array of strings (parallel commands cannot nest), not an object"#,
                #""postStartCommand" is an empty array; give the program and its arguments"#,
                #""onCreateCommand[1]" must be a string, not a number"#,
            ])
    }

    @Test func enumsAreChecked() {
        let errors = Fixture.errors(
            #"{"image": "x", "waitFor": "postAttachCommand", "shutdownAction": "later", "userEnvProbe": "bash"}"#)
        #expect(errors.map(\.property) == ["waitFor", "shutdownAction", "userEnvProbe"])
        #expect(
            errors.first?.message
                == #""waitFor" must be one of "initializeCommand", "onCreateCommand", "updateContentCommand", "postCreateCommand", "postStartCommand", not "postAttachCommand""#
        )
    }

    @Test func mountFormsAreValidated() {
        let errors = Fixture.errors(
            #"{"image": "x", "mounts": ["type=npipe,target=/x", "source=a,target=/b,bogus=1", {"type": "bind", "source": "/a", "target": "/b", "readonly": true}, {"source": "v", "target": "/v"}, 5, "type=tmpfs,source=a,target=/t"]}"#
        )
        #expect(
            errors.map(\.message) == [
                #""mounts[0]": mount type 'npipe' is not supported; use bind, volume or tmpfs in "type=npipe,target=/x""#,
                #""mounts[1]": unknown mount option 'bogus' in "source=a,target=/b,bogus=1""#,
                #"unknown mount property "readonly": the object form takes type, source and target (use the string form for other options)"#,
                #""mounts[3]" needs "type" ("bind" or "volume")"#,
                #""mounts[4]" must be a mount string or a {type, source, target} object, not a number"#,
                #""mounts[5]": a tmpfs mount takes no source in "type=tmpfs,source=a,target=/t""#,
            ])
    }

    @Test func mountStringsReadDockerSyntax() throws {
        let config = try Fixture.parse(
            #"{"image": "x", "mounts": ["src=/a,dst=/b,ro", "target=/anon", "type=bind,source=/a,destination=/c,readonly=false,bind-propagation=rslave"]}"#
        ).config
        #expect(
            config.mounts == [
                DevContainerMount(type: .volume, source: "/a", target: "/b", readOnly: true),
                DevContainerMount(type: .volume, source: nil, target: "/anon"),
                DevContainerMount(type: .bind, source: "/a", target: "/c", options: ["bind-propagation=rslave"]),
            ])
        #expect(config.mounts[2].description == "type=bind,source=/a,target=/c,bind-propagation=rslave")
    }

    @Test func portFormsAreValidated() throws {
        let config = try Fixture.parse(
            #"{"image": "x", "appPort": [3000, "8000:80", "0.0.0.0:53:53/udp"], "forwardPorts": ["localhost:3000"]}"#
        ).config
        #expect(config.appPort.map(\.description) == ["3000:3000", "8000:80", "0.0.0.0:53:53/udp"])
        #expect(config.forwardPorts == [ForwardPort(port: 3000)])
        let errors = Fixture.errors(
            #"{"image": "x", "appPort": ["80:80:80:80", true], "forwardPorts": ["DB:5432", "3000", 0]}"#)
        #expect(
            errors.map(\.property) == [
                "appPort[0]", "appPort[1]", "forwardPorts[0]", "forwardPorts[1]", "forwardPorts[2]",
            ])
    }

    @Test func hostRequirementSizesUseTheSpecUnits() {
        #expect(HostRequirements.parseBytes("4gb") == 4 << 30)
        #expect(HostRequirements.parseBytes("512MB") == 512 << 20)
        #expect(HostRequirements.parseBytes("1tb") == 1 << 40)
        #expect(HostRequirements.parseBytes("2048kb") == 2 << 20)
        #expect(HostRequirements.parseBytes("100") == 100)
        #expect(HostRequirements.parseBytes("4 gb") == nil)
        #expect(HostRequirements.parseBytes("4g") == nil)
        #expect(HostRequirements.parseBytes("-1gb") == nil)
        #expect(HostRequirements.parseBytes("99999999999tb") == nil)
        #expect(HostRequirements.formatBytes(8 << 30) == "8gb")
        #expect(HostRequirements.formatBytes(1536 << 20) == "1536mb")
    }

    @Test func gpuRequirementForms() throws {
        func gpu(_ json: String) throws -> GPURequirement? {
            try Fixture.parse(#"{"image": "x", "hostRequirements": {"gpu": \#(json)}}"#).config.hostRequirements?.gpu
        }
        #expect(try gpu("true") == .required)
        #expect(try gpu("false") == .notRequired)
        #expect(try gpu(#""optional""#) == .optional)
        #expect(try gpu(#"{"cores": 4, "memory": "8gb"}"#) == .detailed(cores: 4, memoryBytes: 8 << 30))
        #expect(
            Fixture.errors(#"{"image": "x", "hostRequirements": {"gpu": "yes"}}"#).map(\.property) == [
                "hostRequirements.gpu"
            ])
    }

    @Test func imageMetadataEntriesAcceptOnlyMetadataProperties() throws {
        let result = try ImageMetadata.parse(
            label: #"{"remoteUser": "dev", "image": "nope", "colour": 1}"#, image: "acme/dev:1")
        #expect(result.entries.count == 1)
        #expect(result.entries[0].remoteUser == "dev")
        #expect(
            result.warnings.map(\.description) == [
                #"image acme/dev:1 label devcontainer.metadata:1:23: warning: "image" has no effect in image metadata and is ignored"#,
                #"image acme/dev:1 label devcontainer.metadata:1:40: warning: unknown property 'colour' is ignored"#,
            ])
    }

    @Test func aBrokenMetadataLabelIsAnErrorNamingTheImage() {
        #expect {
            try ImageMetadata.parse(label: #"[{"privileged": "yes"}]"#, image: "acme/dev:1")
        } throws: { error in
            (error as? DevContainerError)?.description
                == #"image acme/dev:1 label devcontainer.metadata:1:17: error: "privileged" must be true or false, not a string"#
        }
        #expect(throws: DevContainerError.self) { try ImageMetadata.parse(label: "[{", image: "acme/dev:1") }
        #expect(throws: DevContainerError.self) { try ImageMetadata.parse(label: "42", image: "acme/dev:1") }
    }
}
