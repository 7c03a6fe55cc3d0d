import DevContainer
import Testing

@Suite struct RunArgsTests {
    static func options(_ arguments: [String]) throws -> RunOptions {
        let list = arguments.map { "\"\($0)\"" }.joined(separator: ", ")
        return try Fixture.parse("{\"image\": \"x\", \"runArgs\": [\(list)]}").config.runOptions
    }

    @Test func theSafeSubsetMapsToTypedFields() throws {
        let options = try Self.options([
            "--cap-add", "sys_ptrace", "--cap-drop=ALL", "--security-opt=no-new-privileges", "--init",
            "--privileged=false",
            "-eA=1", "-e", "B=x=y", "--env", "C=", "-l", "k", "--label=k2=v", "--add-host", "h:host-gateway",
            "--shm-size", "64m", "--ulimit=nproc=-1", "--ulimit", "nofile=10:20", "--device", "/dev/sda:/dev/xvdc:r",
            "--device=/dev/kvm:rw", "--tmpfs=/cache", "--dns=1.1.1.1", "-h", "box",
        ])
        #expect(options.capAdd == ["SYS_PTRACE"])
        #expect(options.capDrop == ["ALL"])
        #expect(options.securityOpt == ["no-new-privileges"])
        #expect(options.initProcess)
        #expect(!options.privileged)
        #expect(options.env == ["A": "1", "B": "x=y", "C": ""])
        #expect(options.labels == ["k": "", "k2": "v"])
        #expect(options.extraHosts == ["h:host-gateway"])
        #expect(options.shmSizeBytes == 64 << 20)
        #expect(
            options.ulimits == [Ulimit(name: "nproc", soft: -1, hard: -1), Ulimit(name: "nofile", soft: 10, hard: 20)])
        #expect(
            options.devices == [
                DeviceMapping(hostPath: "/dev/sda", containerPath: "/dev/xvdc", permissions: "r"),
                DeviceMapping(hostPath: "/dev/kvm", containerPath: "/dev/kvm", permissions: "rw"),
            ])
        #expect(options.tmpfs == ["/cache": ""])
        #expect(options.dns == ["1.1.1.1"])
        #expect(options.hostname == "box")
    }

    struct Refusal: CustomStringConvertible, Sendable {
        var arguments: [String]
        var message: String
        var description: String { arguments.joined(separator: " ") }
    }

    static let refusals: [Refusal] = [
        Refusal(
            arguments: ["--network=host"],
            message:
                "runArgs '--network=host' is refused: the container's network is managed by Gitspaces (host networking is never allowed)"
        ),
        Refusal(
            arguments: ["--net", "host"],
            message:
                "runArgs '--net' is refused: the container's network is managed by Gitspaces (host networking is never allowed)"
        ),
        Refusal(
            arguments: ["--pid=host"],
            message: "runArgs '--pid=host' is refused: sharing or changing namespaces is not allowed"),
        Refusal(
            arguments: ["--ipc", "host"],
            message: "runArgs '--ipc' is refused: sharing or changing namespaces is not allowed"),
        Refusal(
            arguments: ["--userns=host"],
            message: "runArgs '--userns=host' is refused: sharing or changing namespaces is not allowed"),
        Refusal(
            arguments: ["--uts=host"],
            message: "runArgs '--uts=host' is refused: sharing or changing namespaces is not allowed"),
        Refusal(
            arguments: ["-v", "/:/host"],
            message: "runArgs '-v' is refused: use the \"mounts\" property instead (it is checked by the Policy)"),
        Refusal(
            arguments: ["--volume=/etc:/etc"],
            message:
                "runArgs '--volume=/etc:/etc' is refused: use the \"mounts\" property instead (it is checked by the Policy)"
        ),
        Refusal(
            arguments: ["--mount", "type=bind,source=/,target=/h"],
            message: "runArgs '--mount' is refused: use the \"mounts\" property instead (it is checked by the Policy)"),
        Refusal(
            arguments: ["-p", "80:80"], message: "runArgs '-p' is refused: use \"forwardPorts\" or \"appPort\" instead"),
        Refusal(
            arguments: ["--gpus", "all"],
            message:
                "runArgs '--gpus' is refused: hardware comes from the Gitspace's hardware profile; use \"hostRequirements\" to ask for more"
        ),
        Refusal(
            arguments: ["--memory=64g"],
            message:
                "runArgs '--memory=64g' is refused: hardware comes from the Gitspace's hardware profile; use \"hostRequirements\" to ask for more"
        ),
        Refusal(
            arguments: ["--env-file", ".env"],
            message: "runArgs '--env-file' is refused: it reads or writes files on the host"),
        Refusal(
            arguments: ["--runtime=runc"],
            message: "runArgs '--runtime=runc' is refused: choosing the container runtime is not allowed"),
        Refusal(
            arguments: ["--sysctl", "net.ipv4.ip_forward=1"],
            message: "runArgs '--sysctl' is refused: it weakens the container's isolation"),
        Refusal(
            arguments: ["--device-cgroup-rule=a *:* rwm"],
            message: "runArgs '--device-cgroup-rule=a *:* rwm' is refused: it weakens the container's isolation"),
        Refusal(arguments: ["-u", "root"], message: "runArgs '-u' is refused: use \"containerUser\" instead"),
        Refusal(arguments: ["--name=x"], message: "runArgs '--name=x' is refused: Gitspaces names the container"),
        Refusal(arguments: ["-it"], message: "runArgs '-it' is refused: Gitspaces manages the container's lifecycle"),
        Refusal(
            arguments: ["-e", "HOME"],
            message:
                "runArgs '-e HOME' is refused: without '=VALUE' it copies the variable from the host; set it in \"containerEnv\" instead"
        ),
        Refusal(
            arguments: ["--label=dev.gitspaces.name=evil"],
            message:
                "runArgs '--label dev.gitspaces.name=evil' is refused: labels under dev.gitspaces. are reserved for Gitspaces"
        ),
        Refusal(arguments: ["--cap-add"], message: "runArgs '--cap-add' needs a value"),
        Refusal(
            arguments: ["--shm-size=lots"], message: "runArgs '--shm-size lots' is not a size (for example 64m or 1g)"),
        Refusal(
            arguments: ["--ulimit=nofile=20:10"],
            message:
                "runArgs '--ulimit nofile=20:10' must be NAME=SOFT[:HARD] with a known limit name (nofile, nproc, memlock…)"
        ),
        Refusal(
            arguments: ["--device=sda"], message: "runArgs '--device sda' must be /dev/HOST[:/dev/CONTAINER[:rwm]]"),
        Refusal(
            arguments: ["--frobnicate"],
            message:
                "runArgs '--frobnicate' is refused: it is not in the supported subset (--cap-add, --cap-drop, --security-opt, --init, --privileged, -e/--env, -l/--label, --add-host, --shm-size, --ulimit, --device, --tmpfs, --dns, -h/--hostname)"
        ),
        Refusal(
            arguments: ["bash"], message: "runArgs element 'bash' is not a docker run flag; runArgs holds flags only"),
    ]

    @Test(arguments: refusals)
    func everythingElseIsRefusedByName(_ refusal: Refusal) {
        let list = refusal.arguments.map { "\"\($0)\"" }.joined(separator: ", ")
        let errors = Fixture.errors("{\n  \"image\": \"x\",\n  \"runArgs\": [\"--init\", \(list)]\n}")
        #expect(errors.map(\.message) == [refusal.message])
        #expect(errors.first?.mark == JSONMark(line: 3, column: 25))
        #expect(errors.first?.property == "runArgs[1]")
    }

    @Test func everyRefusalIsReportedAtItsOwnElement() {
        let errors = Fixture.errors(
            """
            {
              "image": "x",
              "runArgs": [
                "--network=host",
                "--cap-add=SYS_PTRACE",
                "--pid", "host",
                "-v", "/var/run/docker.sock:/var/run/docker.sock"
              ]
            }
            """)
        #expect(
            errors.map(\.description) == [
                ".devcontainer/devcontainer.json:4:5: error: runArgs '--network=host' is refused: the container's network is managed by Gitspaces (host networking is never allowed)",
                ".devcontainer/devcontainer.json:6:5: error: runArgs '--pid' is refused: sharing or changing namespaces is not allowed",
                ".devcontainer/devcontainer.json:7:5: error: runArgs '-v' is refused: use the \"mounts\" property instead (it is checked by the Policy)",
            ])
    }

    @Test func runArgsFoldIntoTheMergedProperties() throws {
        let resolved = try Fixture.resolve(
            #"{"image": "x", "containerEnv": {"A": "config"}, "runArgs": ["-e", "A=runArg", "--cap-add=NET_ADMIN", "--privileged", "--init", "--security-opt=label=disable"]}"#
        ).resolved
        #expect(resolved.containerEnv == ["A": "runArg"])
        #expect(resolved.capAdd == ["NET_ADMIN"])
        #expect(resolved.privileged && resolved.initProcess)
        #expect(resolved.securityOpt == ["label=disable"])
        #expect(
            resolved.runOptions.capAdd.isEmpty && resolved.runOptions.env.isEmpty && !resolved.runOptions.privileged)
    }
}
