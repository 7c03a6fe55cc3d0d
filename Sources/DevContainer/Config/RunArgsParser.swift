/// Maps `runArgs` onto ``RunOptions`` and refuses everything outside the documented subset by name.
enum RunArgsParser {
    struct Argument {
        var text: String
        var mark: JSONMark?
        var index: Int
    }

    struct Refusal: Error {
        var index: Int
        var message: String
    }

    private enum Flag {
        case capAdd, capDrop, securityOpt, initProcess, privileged, env, label, addHost, shmSize, ulimit, device, tmpfs,
            dns,
            hostname

        var takesValue: Bool { self != .initProcess && self != .privileged }
    }

    private static let supported: [String: Flag] = [
        "--cap-add": .capAdd, "--cap-drop": .capDrop, "--security-opt": .securityOpt, "--init": .initProcess,
        "--privileged": .privileged, "-e": .env, "--env": .env, "-l": .label, "--label": .label,
        "--add-host": .addHost, "--shm-size": .shmSize, "--ulimit": .ulimit, "--device": .device, "--tmpfs": .tmpfs,
        "--dns": .dns, "-h": .hostname, "--hostname": .hostname,
    ]

    /// Why a known docker flag is refused; the message names the flag.
    private static let refusalReasons: [String: String] = {
        var table: [String: String] = [:]
        func refuse(_ flags: [String], _ reason: String) { for flag in flags { table[flag] = reason } }
        refuse(
            ["--network", "--net"], "the container's network is managed by Gitspaces (host networking is never allowed)"
        )
        refuse(
            ["--network-alias", "--net-alias", "--ip", "--ip6", "--mac-address", "--link"],
            "the container's network is managed by Gitspaces")
        refuse(["--pid", "--ipc", "--uts", "--userns", "--cgroupns"], "sharing or changing namespaces is not allowed")
        refuse(
            ["-v", "--volume", "--mount", "--volumes-from"],
            "use the \"mounts\" property instead (it is checked by the Policy)")
        refuse(["-p", "--publish", "-P", "--publish-all", "--expose"], "use \"forwardPorts\" or \"appPort\" instead")
        refuse(["--name"], "Gitspaces names the container")
        refuse(["-u", "--user"], "use \"containerUser\" instead")
        refuse(["-w", "--workdir"], "use \"workspaceFolder\" instead")
        refuse(["--entrypoint"], "use \"overrideCommand\" or the image's entrypoint instead")
        refuse(
            [
                "--cpus", "-c", "--cpu-shares", "--cpuset-cpus", "--cpuset-mems", "--cpu-period", "--cpu-quota", "-m",
                "--memory",
                "--memory-swap", "--memory-reservation", "--gpus", "--storage-opt",
            ],
            "hardware comes from the Gitspace's hardware profile; use \"hostRequirements\" to ask for more")
        refuse(["--env-file", "--label-file", "--cidfile"], "it reads or writes files on the host")
        refuse(["--runtime", "--isolation"], "choosing the container runtime is not allowed")
        refuse(
            [
                "--device-cgroup-rule", "--cgroup-parent", "--sysctl", "--oom-kill-disable", "--oom-score-adj",
                "--group-add",
            ],
            "it weakens the container's isolation")
        refuse(
            [
                "--rm", "-d", "--detach", "-i", "--interactive", "-t", "--tty", "-it", "-ti", "--restart", "--platform",
                "--pull",
            ],
            "Gitspaces manages the container's lifecycle")
        return table
    }()

    /// The supported flags, for messages.
    static let supportedList =
        "--cap-add, --cap-drop, --security-opt, --init, --privileged, -e/--env, -l/--label, --add-host, --shm-size, --ulimit, --device, --tmpfs, --dns, -h/--hostname"

    private static let ulimitNames: Set<String> = [
        "core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio",
        "rttime",
        "sigpending", "stack",
    ]

    /// Parses all arguments; every refusal is returned (none stops the others).
    static func parse(_ arguments: [Argument]) -> (RunOptions, [Refusal]) {
        var options = RunOptions()
        var refusals: [Refusal] = []
        var position = 0
        while position < arguments.count {
            let argument = arguments[position]
            position += 1
            let text = argument.text
            guard text.hasPrefix("-"), text.count > 1 else {
                refusals.append(
                    Refusal(
                        index: argument.index,
                        message: "runArgs element '\(text)' is not a docker run flag; runArgs holds flags only"))
                continue
            }
            var name = text
            var inlineValue: String?
            if text.hasPrefix("--"), let equals = text.firstIndex(of: "=") {
                name = String(text[..<equals])
                inlineValue = String(text[text.index(after: equals)...])
            } else if !text.hasPrefix("--"), text.count > 2, supported[String(text.prefix(2))]?.takesValue == true {
                // -eK=V, -lK=V
                name = String(text.prefix(2))
                inlineValue = String(text.dropFirst(2))
            }
            guard let flag = supported[name] else {
                let shown = text.count > 60 ? String(text.prefix(60)) + "…" : text
                if let reason = refusalReasons[name] ?? refusalReasons[text] {
                    refusals.append(Refusal(index: argument.index, message: "runArgs '\(shown)' is refused: \(reason)"))
                } else {
                    refusals.append(
                        Refusal(
                            index: argument.index,
                            message:
                                "runArgs '\(shown)' is refused: it is not in the supported subset (\(supportedList))"))
                }
                // Skip a separate value so it is not reported as a stray element.
                if inlineValue == nil, position < arguments.count, !arguments[position].text.hasPrefix("-") {
                    position += 1
                }
                continue
            }
            var value = inlineValue
            if flag.takesValue, value == nil {
                guard position < arguments.count else {
                    refusals.append(Refusal(index: argument.index, message: "runArgs '\(name)' needs a value"))
                    continue
                }
                value = arguments[position].text
                position += 1
            }
            if let message = apply(flag, name: name, value: value, to: &options) {
                refusals.append(Refusal(index: argument.index, message: message))
            } else {
                recordOrigin(flag, value: value ?? "", index: argument.index, in: &options)
            }
        }
        return (options, refusals)
    }

    /// Applies one flag; returns an error message when its value is not acceptable.
    private static func apply(_ flag: Flag, name: String, value: String?, to options: inout RunOptions) -> String? {
        let value = value ?? ""
        switch flag {
        case .capAdd:
            guard !value.isEmpty else { return "runArgs '\(name)' needs a capability name" }
            options.capAdd.append(normalizeCapability(value))
        case .capDrop:
            guard !value.isEmpty else { return "runArgs '\(name)' needs a capability name" }
            options.capDrop.append(normalizeCapability(value))
        case .securityOpt:
            guard !value.isEmpty else { return "runArgs '\(name)' needs a value" }
            options.securityOpt.append(value)
        case .initProcess, .privileged:
            let enabled: Bool
            switch value {
            case "", "true": enabled = true
            case "false": enabled = false
            default: return "runArgs '\(name)' takes true or false, not '\(value)'"
            }
            if flag == .privileged { options.privileged = enabled } else { options.initProcess = enabled }
        case .env:
            guard let equals = value.firstIndex(of: "=") else {
                return
                    "runArgs '\(name) \(value)' is refused: without '=VALUE' it copies the variable from the host; set it in \"containerEnv\" instead"
            }
            let key = String(value[..<equals])
            guard !key.isEmpty else { return "runArgs '\(name) \(value)' has an empty variable name" }
            options.env[key] = String(value[value.index(after: equals)...])
        case .label:
            let parts = value.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0])
            guard !key.isEmpty else { return "runArgs '\(name)' needs a label name" }
            guard !key.hasPrefix("dev.gitspaces.") else {
                return "runArgs '\(name) \(value)' is refused: labels under dev.gitspaces. are reserved for Gitspaces"
            }
            options.labels[key] = parts.count == 2 ? String(parts[1]) : ""
        case .addHost:
            guard let colon = value.firstIndex(of: ":"), colon != value.startIndex,
                value.index(after: colon) != value.endIndex
            else {
                return "runArgs '\(name) \(value)' must be HOST:IP"
            }
            options.extraHosts.append(value)
        case .shmSize:
            guard let bytes = parseDockerBytes(value) else {
                return "runArgs '\(name) \(value)' is not a size (for example 64m or 1g)"
            }
            options.shmSizeBytes = bytes
        case .ulimit:
            guard let ulimit = parseUlimit(value) else {
                return
                    "runArgs '\(name) \(value)' must be NAME=SOFT[:HARD] with a known limit name (nofile, nproc, memlock…)"
            }
            options.ulimits.append(ulimit)
        case .device:
            let parts = value.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard (1...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty }), parts[0].hasPrefix("/") else {
                return "runArgs '\(name) \(value)' must be /dev/HOST[:/dev/CONTAINER[:rwm]]"
            }
            var containerPath = parts.count >= 2 ? parts[1] : parts[0]
            var permissions = "rwm"
            if parts.count == 2, !parts[1].hasPrefix("/") {
                containerPath = parts[0]
                permissions = parts[1]
            } else if parts.count == 3 {
                permissions = parts[2]
            }
            guard !permissions.isEmpty, permissions.allSatisfy({ "rwm".contains($0) }) else {
                return "runArgs '\(name) \(value)' has invalid permissions '\(permissions)' (use some of r, w, m)"
            }
            options.devices.append(
                DeviceMapping(hostPath: parts[0], containerPath: containerPath, permissions: permissions))
        case .tmpfs:
            let parts = value.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts[0].hasPrefix("/") else {
                return "runArgs '\(name) \(value)' must be an absolute container path"
            }
            options.tmpfs[String(parts[0])] = parts.count == 2 ? String(parts[1]) : ""
        case .dns:
            guard !value.isEmpty else { return "runArgs '\(name)' needs an address" }
            options.dns.append(value)
        case .hostname:
            guard !value.isEmpty else { return "runArgs '\(name)' needs a name" }
            options.hostname = value
        }
        return nil
    }

    /// Remembers which element set a policy-relevant option, for messages naming its line.
    private static func recordOrigin(_ flag: Flag, value: String, index: Int, in options: inout RunOptions) {
        switch flag {
        case .capAdd: options.argumentIndex["capAdd:" + normalizeCapability(value)] = index
        case .securityOpt: options.argumentIndex["securityOpt:" + value] = index
        case .privileged: options.argumentIndex["privileged"] = index
        case .initProcess: options.argumentIndex["init"] = index
        case .device: options.argumentIndex["device:" + (options.devices.last?.hostPath ?? value)] = index
        case .ulimit: options.argumentIndex["ulimit:" + (options.ulimits.last?.name ?? value)] = index
        default: break
        }
    }

    /// `sys_ptrace` and `CAP_SYS_PTRACE` both become `SYS_PTRACE`.
    static func normalizeCapability(_ name: String) -> String {
        guard !name.contains("${") else { return name }  // normalised again after substitution
        let upper = name.uppercased()
        return upper.hasPrefix("CAP_") ? String(upper.dropFirst(4)) : upper
    }

    /// Docker's size syntax: a number with an optional binary unit `b k m g t` (optionally followed by `b`).
    static func parseDockerBytes(_ text: String) -> Int64? {
        var lower = Substring(text.lowercased())
        if lower.count > 1, lower.hasSuffix("b"), let beforeLast = lower.dropLast().last, "kmgt".contains(beforeLast) {
            lower = lower.dropLast()
        }
        var factor: Int64 = 1
        if let last = lower.last {
            switch last {
            case "b": factor = 1
            case "k": factor = 1 << 10
            case "m": factor = 1 << 20
            case "g": factor = 1 << 30
            case "t": factor = 1 << 40
            default: factor = 0
            }
            if factor != 0 { lower = lower.dropLast() } else { factor = 1 }
        }
        guard !lower.isEmpty, lower.count <= 18, lower.allSatisfy({ $0.isASCII && $0.isNumber }),
            let value = Int64(lower)
        else {
            return nil
        }
        let (bytes, overflow) = value.multipliedReportingOverflow(by: factor)
        return overflow || bytes <= 0 ? nil : bytes
    }

    private static func parseUlimit(_ text: String) -> Ulimit? {
        let pair = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard pair.count == 2, ulimitNames.contains(String(pair[0])) else { return nil }
        let limits = pair[1].split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(limits.count), let soft = Int64(limits[0]), soft >= -1 else { return nil }
        let hard: Int64
        if limits.count == 2 {
            guard let value = Int64(limits[1]), value >= -1 else { return nil }
            hard = value
        } else {
            hard = soft
        }
        guard hard == -1 || (soft != -1 && soft <= hard) else { return nil }
        return Ulimit(name: String(pair[0]), soft: soft, hard: hard)
    }
}
