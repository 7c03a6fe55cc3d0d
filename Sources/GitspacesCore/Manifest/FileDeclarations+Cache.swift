import YAMLKit

/// The binary form of one file's decode result in the manifest cache: every stored property, in declaration order.
///
/// A property added to any of these types must be written and read here, and `ManifestStore.format` bumped, so a
/// cache written before the change is never read after it (`ManifestCacheCodecTests` counts the properties).
extension FileDeclarations {
    func write(to writer: inout CacheWriter) {
        writer.array(declarations.gitspaces) { $0.gitspaceDeclaration($1) }
        writer.array(declarations.profiles) { $0.profileDeclaration($1) }
        writer.array(declarations.policies) { $0.policyDeclaration($1) }
        writer.array(diagnostics) { writer, diagnostic in
            writer.string(diagnostic.file)
            writer.int(diagnostic.line)
            writer.int(diagnostic.column)
            writer.string(diagnostic.message)
        }
    }

    init(from reader: inout CacheReader) throws(CacheFormatError) {
        var declarations = Declarations()
        declarations.gitspaces = try reader.array { reader throws(CacheFormatError) in
            try reader.gitspaceDeclaration()
        }
        declarations.profiles = try reader.array { reader throws(CacheFormatError) in
            try reader.profileDeclaration()
        }
        declarations.policies = try reader.array { reader throws(CacheFormatError) in
            try reader.policyDeclaration()
        }
        let diagnostics = try reader.array { reader throws(CacheFormatError) in
            var diagnostic = Diagnostic(
                file: try reader.string(), line: try reader.int(), column: try reader.int(), message: "")
            // Stored as printed: already masked, so not masked twice.
            diagnostic.message = try reader.string()
            return diagnostic
        }
        self.init(declarations: declarations, diagnostics: diagnostics)
    }
}

extension CacheWriter {
    mutating func mark(_ mark: Mark) {
        int(mark.line)
        int(mark.column)
    }

    mutating func location(_ location: SourceLocation) {
        string(location.file)
        int(location.line)
        int(location.column)
    }

    mutating func cpus(_ cpus: CPUs) { int(cpus.millis) }
    mutating func size(_ size: ByteSize) { int64(size.bytes) }
    mutating func idleTimeout(_ timeout: IdleTimeout) { int(timeout.seconds) }

    mutating func hardware(_ hardware: Hardware) {
        cpus(hardware.cpus)
        size(hardware.memory)
        optional(hardware.disk) { $0.size($1) }
        int(hardware.gpus)
    }

    mutating func dotfiles(_ dotfiles: Dotfiles) {
        string(dotfiles.repo)
        optional(dotfiles.branch) { $0.string($1) }
        optional(dotfiles.installCommand) { $0.string($1) }
        optional(dotfiles.credentials) { $0.string($1) }
    }

    mutating func hardwareDeclaration(_ declaration: HardwareDeclaration) {
        optional(declaration.cpus) { writer, value in
            writer.cpus(value.0)
            writer.mark(value.1)
        }
        optional(declaration.memory) { writer, value in
            writer.size(value.0)
            writer.mark(value.1)
        }
        optional(declaration.disk) { writer, value in
            writer.size(value.0)
            writer.mark(value.1)
        }
        optional(declaration.gpus) { writer, value in
            writer.int(value.0)
            writer.mark(value.1)
        }
        mark(declaration.mark)
    }

    mutating func gitspace(_ gitspace: Gitspace) {
        string(gitspace.name)
        dictionary(gitspace.labels) { $0.string($1) }
        string(gitspace.repo)
        optional(gitspace.branch) { $0.string($1) }
        optional(gitspace.devcontainer) { $0.string($1) }
        hardware(gitspace.hardware)
        switch gitspace.hardwareSource {
        case .profile(let name):
            int(0)
            string(name)
        case .inline: int(1)
        case .builtinDefault: int(2)
        }
        string(gitspace.state.rawValue)
        optional(gitspace.owner) { $0.string($1) }
        strings(gitspace.authorizedKeys)
        dictionary(gitspace.env) { $0.string($1) }
        optional(gitspace.credentials) { $0.string($1) }
        string(gitspace.deletionPolicy.rawValue)
        optional(gitspace.idleTimeout) { $0.idleTimeout($1) }
        optional(gitspace.dotfiles) { $0.dotfiles($1) }
        location(gitspace.location)
    }

    mutating func gitspaceDeclaration(_ declaration: GitspaceDeclaration) {
        gitspace(declaration.gitspace)
        switch declaration.hardware {
        case .profile(let name, let at):
            int(0)
            string(name)
            mark(at)
        case .inline(let hardware):
            int(1)
            hardwareDeclaration(hardware)
        case .none: int(2)
        }
        mark(declaration.repoMark)
        mark(declaration.specMark)
        string(declaration.file)
    }

    mutating func profileDeclaration(_ declaration: ProfileDeclaration) {
        string(declaration.profile.name)
        hardware(declaration.profile.hardware)
        optional(declaration.profile.idleTimeout) { $0.idleTimeout($1) }
        location(declaration.profile.location)
        hardwareDeclaration(declaration.hardware)
        string(declaration.file)
    }

    mutating func policyDeclaration(_ declaration: PolicyDeclaration) {
        let policy = declaration.policy
        string(policy.name)
        optional(policy.maxHardware.cpus) { $0.cpus($1) }
        optional(policy.maxHardware.memory) { $0.size($1) }
        optional(policy.maxHardware.disk) { $0.size($1) }
        optional(policy.maxHardware.gpus) { $0.int($1) }
        strings(policy.allowedRepos)
        bool(policy.devcontainer.allowPrivileged)
        bool(policy.devcontainer.allowHostMounts)
        strings(policy.devcontainer.allowCapAdd)
        strings(policy.devcontainer.sharedVolumes)
        strings(policy.devcontainer.allowedFeatures)
        int(policy.maxDeletions)
        optional(policy.idleTimeout) { $0.idleTimeout($1) }
        dictionary(policy.dotfiles) { $0.dotfiles($1) }
        optional(policy.location) { $0.location($1) }
        mark(declaration.nameMark)
        string(declaration.file)
    }
}

extension CacheReader {
    mutating func mark() throws(CacheFormatError) -> Mark { Mark(line: try int(), column: try int()) }

    mutating func location() throws(CacheFormatError) -> SourceLocation {
        SourceLocation(file: try string(), line: try int(), column: try int())
    }

    mutating func cpus() throws(CacheFormatError) -> CPUs { CPUs(millis: try int()) }
    mutating func size() throws(CacheFormatError) -> ByteSize { ByteSize(bytes: try int64()) }
    mutating func idleTimeout() throws(CacheFormatError) -> IdleTimeout { IdleTimeout(seconds: try int()) }
    mutating func optionalString() throws(CacheFormatError) -> String? {
        try optional { reader throws(CacheFormatError) in try reader.string() }
    }

    mutating func hardware() throws(CacheFormatError) -> Hardware {
        let cpus = try cpus()
        let memory = try size()
        let disk = try optional { reader throws(CacheFormatError) in try reader.size() }
        return Hardware(cpus: cpus, memory: memory, disk: disk, gpus: try int())
    }

    mutating func dotfiles() throws(CacheFormatError) -> Dotfiles {
        Dotfiles(
            repo: try string(), branch: try optionalString(), installCommand: try optionalString(),
            credentials: try optionalString())
    }

    mutating func hardwareDeclaration() throws(CacheFormatError) -> HardwareDeclaration {
        let cpus = try optional { reader throws(CacheFormatError) in (try reader.cpus(), try reader.mark()) }
        let memory = try optional { reader throws(CacheFormatError) in (try reader.size(), try reader.mark()) }
        let disk = try optional { reader throws(CacheFormatError) in (try reader.size(), try reader.mark()) }
        let gpus = try optional { reader throws(CacheFormatError) in (try reader.int(), try reader.mark()) }
        return HardwareDeclaration(cpus: cpus, memory: memory, disk: disk, gpus: gpus, mark: try mark())
    }

    mutating func gitspace() throws(CacheFormatError) -> Gitspace {
        let name = try string()
        let labels = try dictionary { reader throws(CacheFormatError) in try reader.string() }
        var gitspace = Gitspace(
            name: name, labels: labels, repo: try string(), branch: try optionalString(),
            devcontainer: try optionalString(), hardware: try hardware())
        switch try int() {
        case 0: gitspace.hardwareSource = .profile(try string())
        case 1: gitspace.hardwareSource = .inline
        case 2: gitspace.hardwareSource = .builtinDefault
        default: throw CacheFormatError()
        }
        gitspace.state = try raw(Gitspace.RunState.self)
        gitspace.owner = try optionalString()
        gitspace.authorizedKeys = try strings()
        gitspace.env = try dictionary { reader throws(CacheFormatError) in try reader.string() }
        gitspace.credentials = try optionalString()
        gitspace.deletionPolicy = try raw(Gitspace.DeletionPolicy.self)
        gitspace.idleTimeout = try optional { reader throws(CacheFormatError) in try reader.idleTimeout() }
        gitspace.dotfiles = try optional { reader throws(CacheFormatError) in try reader.dotfiles() }
        gitspace.location = try location()
        return gitspace
    }

    mutating func gitspaceDeclaration() throws(CacheFormatError) -> GitspaceDeclaration {
        let gitspace = try gitspace()
        let hardware: GitspaceDeclaration.HardwareReference
        switch try int() {
        case 0: hardware = .profile(try string(), try mark())
        case 1: hardware = .inline(try hardwareDeclaration())
        case 2: hardware = .none
        default: throw CacheFormatError()
        }
        return GitspaceDeclaration(
            gitspace: gitspace, hardware: hardware, repoMark: try mark(), specMark: try mark(), file: try string())
    }

    mutating func profileDeclaration() throws(CacheFormatError) -> ProfileDeclaration {
        var profile = HardwareProfile(
            name: try string(), hardware: try hardware(),
            location: SourceLocation(
                file: "", line: 0, column: 0))
        profile.idleTimeout = try optional { reader throws(CacheFormatError) in try reader.idleTimeout() }
        profile.location = try location()
        return ProfileDeclaration(profile: profile, hardware: try hardwareDeclaration(), file: try string())
    }

    mutating func policyDeclaration() throws(CacheFormatError) -> PolicyDeclaration {
        let name = try string()
        let limits = HardwareLimits(
            cpus: try optional { reader throws(CacheFormatError) in try reader.cpus() },
            memory: try optional { reader throws(CacheFormatError) in try reader.size() },
            disk: try optional { reader throws(CacheFormatError) in try reader.size() },
            gpus: try optional { reader throws(CacheFormatError) in try reader.int() })
        let allowedRepos = try strings()
        let rules = Policy.DevcontainerRules(
            allowPrivileged: try bool(), allowHostMounts: try bool(), allowCapAdd: try strings(),
            sharedVolumes: try strings(), allowedFeatures: try strings())
        var policy = Policy(
            name: name, maxHardware: limits, allowedRepos: allowedRepos, devcontainer: rules, maxDeletions: try int())
        policy.idleTimeout = try optional { reader throws(CacheFormatError) in try reader.idleTimeout() }
        policy.dotfiles = try dictionary { reader throws(CacheFormatError) in try reader.dotfiles() }
        policy.location = try optional { reader throws(CacheFormatError) in try reader.location() }
        return PolicyDeclaration(policy: policy, nameMark: try mark(), file: try string())
    }
}
