import Shared
import YAMLKit

extension Declarations {
    /// Cross-document checks (duplicates, profile references, the policy) and defaults.
    func resolve(diagnostics: inout [Diagnostic]) -> DesiredState {
        func report(_ file: String, _ mark: Mark, _ message: String) {
            diagnostics.append(Diagnostic(file: file, line: mark.line, column: mark.column, message: message))
        }

        var policy = Policy()
        if let first = policies.first {
            policy = first.policy
            for extra in policies.dropFirst() {
                report(
                    extra.file, extra.nameMark,
                    "a second Policy '\(extra.policy.name)': a config repository has at most one "
                        + "(the first is '\(first.policy.name)' at \(first.policy.location.map(\.description) ?? first.file))"
                )
            }
        }
        let policyPlace = policy.location.map { " (Policy '\(policy.name)' at \($0))" } ?? ""

        var profilesByName: [String: ProfileDeclaration] = [:]
        for declaration in profiles {
            let profile = declaration.profile
            if let first = profilesByName[profile.name] {
                report(
                    declaration.file, Mark(line: profile.location.line, column: profile.location.column),
                    "HardwareProfile '\(profile.name)' is defined twice: first at \(first.profile.location)")
                continue
            }
            profilesByName[profile.name] = declaration
            checkLimits(declaration.hardware, file: declaration.file, report: report)
        }

        var gitspaces: [Gitspace] = []
        var seen: [String: SourceLocation] = [:]
        let patterns = policy.allowedRepos.map(Glob.init)
        for declaration in self.gitspaces {
            var gitspace = declaration.gitspace
            if let first = seen[gitspace.name] {
                report(
                    declaration.file, Mark(line: gitspace.location.line, column: gitspace.location.column),
                    "Gitspace '\(gitspace.name)' is defined twice: first at \(first)")
                continue
            }
            seen[gitspace.name] = gitspace.location
            if !patterns.isEmpty, !patterns.contains(where: { $0.matches(gitspace.repo) }) {
                report(
                    declaration.file, declaration.repoMark,
                    "spec.repo '\(gitspace.repo)' is not allowed by the policy's allowedRepos "
                        + "(\(policy.allowedRepos.joined(separator: ", ")))\(policyPlace)")
            }
            var profileIdleTimeout: IdleTimeout?
            switch declaration.hardware {
            case .profile(let name, let mark):
                if let profile = profilesByName[name] {
                    profileIdleTimeout = profile.profile.idleTimeout
                    gitspace.hardware = profile.profile.hardware
                    gitspace.hardwareSource = .profile(name)
                } else {
                    let known = profilesByName.keys.sorted()
                    let listing =
                        known.isEmpty ? "no HardwareProfile is defined" : "defined: \(known.joined(separator: ", "))"
                    report(
                        declaration.file, mark,
                        "unknown hardware profile '\(name)'\(Suggestion.hint(for: name, in: known)); \(listing)")
                }
            case .inline(let hardware):
                checkLimits(hardware, file: declaration.file, report: report)
                if let cpus = hardware.cpus, let memory = hardware.memory {
                    gitspace.hardware = Hardware(
                        cpus: cpus.0, memory: memory.0, disk: hardware.disk?.0, gpus: hardware.gpus?.0 ?? 0)
                    gitspace.hardwareSource = .inline
                }
            case .none:
                if let profile = profilesByName["default"] {
                    profileIdleTimeout = profile.profile.idleTimeout
                    gitspace.hardware = profile.profile.hardware
                    gitspace.hardwareSource = .profile("default")
                } else {
                    let over = Self.excess(of: gitspace.hardware, over: policy.maxHardware)
                    if !over.isEmpty {
                        report(
                            declaration.file, declaration.specMark,
                            "the built-in default hardware is over the policy's maxHardware (\(over.joined(separator: ", ")))"
                                + "\(policyPlace): set spec.hardware or define a HardwareProfile named 'default'")
                    }
                }
            }
            if gitspace.idleTimeout == nil { gitspace.idleTimeout = profileIdleTimeout ?? policy.idleTimeout }
            gitspace.resolveDotfiles(policy: policy)
            gitspaces.append(gitspace)
        }
        return DesiredState(gitspaces: gitspaces, profiles: profilesByName.values.map(\.profile), policy: policy)

        func checkLimits(_ hardware: HardwareDeclaration, file: String, report: (String, Mark, String) -> Void) {
            let limits = policy.maxHardware
            if let (cpus, mark) = hardware.cpus, let max = limits.cpus, cpus > max {
                report(file, mark, "cpus \(cpus) is over the policy's maxHardware.cpus \(max)\(policyPlace)")
            }
            if let (memory, mark) = hardware.memory, let max = limits.memory, memory > max {
                report(file, mark, "memory \(memory) is over the policy's maxHardware.memory \(max)\(policyPlace)")
            }
            if let (disk, mark) = hardware.disk, let max = limits.disk, disk > max {
                report(file, mark, "disk \(disk) is over the policy's maxHardware.disk \(max)\(policyPlace)")
            }
            if let (gpus, mark) = hardware.gpus, let max = limits.gpus, gpus > max {
                report(file, mark, "gpus \(gpus) is over the policy's maxHardware.gpus \(max)\(policyPlace)")
            }
        }
    }

    static func excess(of hardware: Hardware, over limits: HardwareLimits) -> [String] {
        var over: [String] = []
        if let max = limits.cpus, hardware.cpus > max { over.append("cpus \(hardware.cpus) > \(max)") }
        if let max = limits.memory, hardware.memory > max { over.append("memory \(hardware.memory) > \(max)") }
        if let max = limits.disk, let disk = hardware.disk, disk > max { over.append("disk \(disk) > \(max)") }
        if let max = limits.gpus, hardware.gpus > max { over.append("gpus \(hardware.gpus) > \(max)") }
        return over
    }
}
