import DevContainer
import Testing

/// devcontainer.json is less trusted than the config repository: each dangerous property is refused
/// unless the Policy allows it, and the refusal names the property and its line.
@Suite struct PolicyTests {
    static func refusals(_ text: String, label: String? = nil, policy: DevContainerPolicy = .restrictive) throws
        -> [String]
    {
        policy.check(try Fixture.resolve(text, label: label)).map(\.description)
    }

    @Test func privilegedIsRefused() throws {
        let text = "{\n  \"image\": \"x\",\n  \"privileged\": true\n}"
        #expect(
            try Self.refusals(text) == [
                #".devcontainer/devcontainer.json:3:17: error: "privileged" asks for a privileged container; refused unless the Policy sets devcontainer.allowPrivileged"#
            ])
        #expect(try Self.refusals(text, policy: DevContainerPolicy(allowPrivileged: true)).isEmpty)
    }

    @Test func privilegedThroughRunArgsNamesTheElement() throws {
        #expect(
            try Self.refusals(#"{"image": "x", "runArgs": ["--init", "--privileged"]}"#) == [
                #".devcontainer/devcontainer.json:1:38: error: "runArgs[1]" asks for a privileged container; refused unless the Policy sets devcontainer.allowPrivileged"#
            ])
    }

    @Test func privilegedFromTheImageLabelNamesTheLabel() throws {
        #expect(
            try Self.refusals(#"{"image": "acme/dind:1"}"#, label: #"[{"id": "dind", "privileged": true}]"#) == [
                #"image acme/dind:1 label devcontainer.metadata:1:31: error: "privileged" asks for a privileged container; refused unless the Policy sets devcontainer.allowPrivileged"#
            ])
    }

    @Test func capabilitiesOutsideTheAllowListAreRefusedOneByOne() throws {
        let text = """
            {
              "image": "x",
              "capAdd": ["SYS_PTRACE", "SYS_ADMIN"],
              "runArgs": ["--cap-add=NET_ADMIN"]
            }
            """
        #expect(
            try Self.refusals(text, policy: DevContainerPolicy(allowCapAdd: ["cap_sys_ptrace"])) == [
                #".devcontainer/devcontainer.json:3:28: error: "capAdd[1]" adds capability SYS_ADMIN, which the Policy's devcontainer.allowCapAdd does not list (allowed: SYS_PTRACE)"#,
                #".devcontainer/devcontainer.json:4:15: error: "runArgs[0]" adds capability NET_ADMIN, which the Policy's devcontainer.allowCapAdd does not list (allowed: SYS_PTRACE)"#,
            ])
        #expect(try Self.refusals(text).count == 3)
        #expect(
            try Self.refusals(text, policy: DevContainerPolicy(allowCapAdd: ["SYS_PTRACE", "SYS_ADMIN", "NET_ADMIN"]))
                .isEmpty)
    }

    @Test(arguments: [
        "seccomp=unconfined", "apparmor=unconfined", "label=disable", "systempaths=unconfined", "seccomp:unconfined",
        "Label=Disable",
    ])
    func confinementLiftingSecurityOptionsAreRefused(_ option: String) throws {
        let refusals = try Self.refusals(
            "{\"image\": \"x\",\n \"securityOpt\": [\"no-new-privileges\", \"\(option)\"]}")
        #expect(
            refusals == [
                ".devcontainer/devcontainer.json:2:39: error: \"securityOpt[1]\" sets securityOpt \(option), which lifts the container's confinement; refused unless the Policy sets devcontainer.allowPrivileged"
            ])
        #expect(
            try Self.refusals(
                "{\"image\": \"x\", \"securityOpt\": [\"\(option)\"]}",
                policy: DevContainerPolicy(allowPrivileged: true)
            ).isEmpty)
    }

    @Test func harmlessSecurityOptionsPass() throws {
        #expect(
            try Self.refusals(
                #"{"image": "x", "securityOpt": ["no-new-privileges", "apparmor=docker-default", "label=type:svirt_apache_t"]}"#
            ).isEmpty)
    }

    @Test func hostBindMountsAreRefusedInBothForms() throws {
        let text = """
            {
              "image": "x",
              "mounts": [
                "type=bind,source=/var/run/docker.sock,target=/var/run/docker.sock",
                { "type": "bind", "source": "/home", "target": "/home-on-host" },
                "type=bind,source=${localWorkspaceFolder}/../other-gitspace,target=/peek",
                "type=bind,source=${localWorkspaceFolder},target=/also-the-workspace",
                "type=volume,source=cache,target=/cache",
                "type=tmpfs,target=/tmp/t"
              ]
            }
            """
        let refusals = try Self.refusals(text)
        #expect(
            refusals == [
                #".devcontainer/devcontainer.json:4:5: error: "mounts[0]" binds the host path /var/run/docker.sock into the container at /var/run/docker.sock; host bind mounts other than the workspace are refused unless the Policy sets devcontainer.allowHostMounts"#,
                #".devcontainer/devcontainer.json:5:5: error: "mounts[1]" binds the host path /home into the container at /home-on-host; host bind mounts other than the workspace are refused unless the Policy sets devcontainer.allowHostMounts"#,
                #".devcontainer/devcontainer.json:6:5: error: "mounts[2]" binds the host path /var/lib/gitspaces/workspaces/alice-payments/../other-gitspace into the container at /peek; host bind mounts other than the workspace are refused unless the Policy sets devcontainer.allowHostMounts"#,
            ])
        #expect(try Self.refusals(text, policy: DevContainerPolicy(allowHostMounts: true)).isEmpty)
    }

    @Test func aWorkspaceMountOfAnotherHostPathIsRefused() throws {
        let text = #"{"image": "x", "workspaceFolder": "/w", "workspaceMount": "type=bind,source=/,target=/w"}"#
        #expect(
            try Self.refusals(text) == [
                #".devcontainer/devcontainer.json:1:59: error: "workspaceMount" binds the host path / instead of the workspace; refused unless the Policy sets devcontainer.allowHostMounts"#
            ])
        #expect(
            try Self.refusals(
                #"{"image": "x", "workspaceFolder": "/w", "workspaceMount": "type=volume,source=ws,target=/w"}"#
            ).isEmpty)
    }

    @Test func hostBindMountsFromTheImageLabelAreRefusedToo() throws {
        let refusals = try Self.refusals(
            #"{"image": "x"}"#, label: #"{"mounts": [{"type": "bind", "source": "/etc", "target": "/etc-host"}]}"#)
        #expect(refusals.count == 1)
        #expect(
            refusals.first?.hasPrefix(
                "image x label devcontainer.metadata:1:13: error: \"mounts[0]\" binds the host path /etc") == true)
    }

    @Test func devicesAreRefusedUnlessAllowed() throws {
        let text = #"{"image": "x", "runArgs": ["--device", "/dev/fuse"]}"#
        #expect(
            try Self.refusals(text) == [
                #".devcontainer/devcontainer.json:1:28: error: "runArgs[0]" passes the host device /dev/fuse into the container; host devices are refused by the Policy"#
            ])
        #expect(try Self.refusals(text, policy: DevContainerPolicy(allowDevices: true)).isEmpty)
    }

    @Test func everyRefusalIsReportedInOnePass() throws {
        let text =
            #"{"image": "x", "privileged": true, "capAdd": ["ALL"], "securityOpt": ["seccomp=unconfined"], "mounts": ["type=bind,source=/,target=/host"], "runArgs": ["--device=/dev/kvm"]}"#
        #expect(try Self.refusals(text).count == 5)
        let everything = DevContainerPolicy(
            allowPrivileged: true, allowHostMounts: true, allowCapAdd: ["ALL"], allowDevices: true)
        #expect(try Self.refusals(text, policy: everything).isEmpty)
    }

    @Test func theDefaultConfigPassesTheStrictestPolicy() throws {
        let resolution = try DevContainerResolver.resolve(configText: nil, file: Fixture.file, context: Fixture.context)
        #expect(DevContainerPolicy.restrictive.check(resolution).isEmpty)
    }
}

@Suite struct RunArgsSourceTests {
    @Test func runArgsKeepTheirPlaceForMessagesAboutThemAsAWhole() throws {
        let resolution = try Fixture.resolve("{\"image\": \"x\",\n  \"runArgs\": [\"--dns\", \"1.1.1.1\"]}")
        #expect(resolution.source(of: "runArgs").description == ".devcontainer/devcontainer.json:2:14")
        let none = try Fixture.resolve("{\"image\": \"x\"}")
        #expect(none.sources["runArgs"] == nil)
    }
}
