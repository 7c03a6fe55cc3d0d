import Shared

/// Merges a devcontainer.json with its image's metadata and substitutes variables (pure: no I/O).
///
/// Merge rules (spec "Image Metadata", merge logic; the entries are the image's metadata in label
/// order, then devcontainer.json last):
///
/// | property | rule |
/// |---|---|
/// | `init`, `privileged` | true if any entry (or `runArgs --init/--privileged`) says true |
/// | `capAdd`, `securityOpt` | union without duplicates, first-seen order (`runArgs` included) |
/// | `entrypoint` | collected into `entrypoints` |
/// | `mounts` | collected; on the same target the later entry wins |
/// | lifecycle commands | collected per hook, image first, devcontainer.json last |
/// | `customizations` | collected per tool |
/// | `containerUser`, `remoteUser`, `userEnvProbe`, `waitFor`, `shutdownAction`, `overrideCommand`, `updateRemoteUserUID`, `otherPortsAttributes` | last value wins |
/// | `containerEnv`, `remoteEnv`, `portsAttributes` | per key, last value wins (then `runArgs -e` over `containerEnv`) |
/// | `forwardPorts` | union without duplicates (`localhost:N` is `N`) |
/// | `hostRequirements` | the larger value wins, per cpus, memory, storage, gpu |
/// | everything else (`image`, `build`, `workspaceFolder`, `workspaceMount`, `appPort`, `runArgs`, `features`, `name`, `initializeCommand`) | devcontainer.json only |
///
/// Variables are substituted in each entry before merging (see ``VariableSubstitution``).
package enum DevContainerResolver {
    /// Resolves `config` over `imageMetadata` (the entries of the image's `devcontainer.metadata` label).
    package static func resolve(
        _ config: DevContainerConfig, imageMetadata: [DevContainerConfig] = [], context: DevContainerContext
    ) throws(DevContainerError) -> DevContainerResolution {
        var builder = Builder(config: config, context: context)
        return try builder.resolve(imageMetadata: imageMetadata)
    }

    /// Reads and resolves in one step: `configText` nil means the repository has no devcontainer.json
    /// (the built-in default is used); `imageLabel` is the image's `devcontainer.metadata` label, if known.
    /// `features` are the metadata entries of features not yet in the image (``ResolvedFeature/metadataEntry``,
    /// install order): merged after the label's entries and before devcontainer.json.
    package static func resolve(
        configText: String?, file: String, imageLabel: String? = nil, features: [DevContainerConfig] = [],
        context: DevContainerContext
    ) throws(DevContainerError) -> DevContainerResolution {
        var parsed: DevContainerParseResult?
        if let configText { parsed = try DevContainerConfig.parse(configText, file: file) }
        return try resolve(parsed: parsed, imageLabel: imageLabel, features: features, context: context)
    }

    /// `resolve(configText:file:imageLabel:features:context:)` for a devcontainer.json already read: many
    /// Gitspaces of one source share one parse. `parsed` nil means the built-in default.
    package static func resolve(
        parsed: DevContainerParseResult?, imageLabel: String? = nil, features: [DevContainerConfig] = [],
        context: DevContainerContext
    ) throws(DevContainerError) -> DevContainerResolution {
        var warnings = parsed?.warnings ?? []
        let config = parsed?.config ?? .builtinDefault()
        var metadata: [DevContainerConfig] = []
        if let imageLabel {
            let parsed = try ImageMetadata.parse(
                label: imageLabel, image: config.image ?? "built from \(config.build?.dockerfile ?? "Dockerfile")")
            metadata = parsed.entries
            warnings += parsed.warnings
        }
        for var entry in features {
            entry.metadataIndex = metadata.count
            metadata.append(entry)
        }
        var resolution = try resolve(config, imageMetadata: metadata, context: context)
        resolution.warnings = (warnings + resolution.warnings).sorted()
        return resolution
    }
}

/// The state of one resolution.
private struct Builder {
    let config: DevContainerConfig
    let context: DevContainerContext
    var substitution: VariableSubstitution
    var sources: [String: DevContainerSource] = [:]
    var diagnostics: [DevContainerDiagnostic] = []

    init(config: DevContainerConfig, context: DevContainerContext) {
        self.config = config
        self.context = context
        substitution = VariableSubstitution(
            context: context, devcontainerId: DevContainerID.compute(labels: context.idLabels))
    }

    mutating func error(_ source: DevContainerSource, _ message: String) {
        diagnostics.append(DevContainerDiagnostic(.error, at: source, message))
    }

    mutating func warning(_ source: DevContainerSource, _ message: String) {
        diagnostics.append(DevContainerDiagnostic(.warning, at: source, message))
    }

    var repositoryName: String {
        let name = context.repositoryName.split(separator: "/").last.map(String.init) ?? ""
        return name.isEmpty || name == "." || name == ".." ? "workspace" : name
    }

    mutating func resolve(imageMetadata: [DevContainerConfig]) throws(DevContainerError) -> DevContainerResolution {
        let defaultMountTarget = "/workspaces/\(repositoryName)"

        // The workspace folder first: the other values may refer to it.
        let folderSource = config.source(of: "workspaceFolder")
        let workspaceFolder = substitution.substitute(config.workspaceFolder ?? defaultMountTarget, at: folderSource)
        if !workspaceFolder.hasPrefix("/") {
            error(
                folderSource,
                "\"workspaceFolder\" must be an absolute path in the container, not \"\(workspaceFolder)\"")
        }
        substitution.containerWorkspaceFolder = workspaceFolder

        let entries = imageMetadata.map { substituted($0) } + [substituted(config)]
        let main = entries[entries.count - 1]

        var resolved = ResolvedDevContainer(
            configFile: config.file, name: main.name, image: main.image, build: resolveBuild(main),
            containerEnv: [:], remoteEnv: [:], workspaceFolder: workspaceFolder,
            workspaceMount: DevContainerMount(
                type: .bind, source: context.localWorkspaceFolder, target: defaultMountTarget),
            mounts: [], forwardPorts: [], appPort: main.appPort, portsAttributes: [:], runOptions: RunOptions(),
            privileged: false, initProcess: false, capAdd: [], securityOpt: [], overrideCommand: true,
            features: main.features, customizations: [:], entrypoints: [], lifecycle: [:],
            devcontainerId: substitution.devcontainerId, pendingContainerEnv: [])
        if !main.features.isEmpty { sources["features"] = config.source(of: "features") }

        var mounts: [(DevContainerMount, DevContainerSource)] = []
        var hostRequirements = HostRequirements()
        for entry in entries {
            merge(entry, into: &resolved, mounts: &mounts, hostRequirements: &hostRequirements)
        }

        // runArgs: -e after containerEnv (docker's order), the rest as engine fields.
        resolved.containerEnv.merge(main.runOptions.env) { _, runArg in runArg }
        var runOptions = main.runOptions
        runOptions.capAdd = []
        runOptions.securityOpt = []
        runOptions.privileged = false
        runOptions.initProcess = false
        runOptions.env = [:]
        runOptions.argumentIndex = [:]
        resolved.runOptions = runOptions
        if !config.runArgs.isEmpty { sources["runArgs"] = config.source(of: "runArgs") }
        for device in main.runOptions.devices {
            sources["device:\(device.hostPath)"] = runArgSource(main, "device:\(device.hostPath)")
        }
        for ulimit in main.runOptions.ulimits {
            sources["ulimit:\(ulimit.name)"] = runArgSource(main, "ulimit:\(ulimit.name)")
        }

        // Mounts: on the same target the later one wins, keeping its place.
        var seen: Set<String> = []
        var kept: [(DevContainerMount, DevContainerSource)] = []
        for (mount, source) in mounts.reversed() where seen.insert(mount.targetKey).inserted {
            kept.append((mount, source))
        }
        for (mount, source) in kept.reversed() {
            resolved.mounts.append(mount)
            sources["mount:\(mount.targetKey)"] = source
            if !mount.target.hasPrefix("/") {
                error(
                    source,
                    "\"\(source.property)\" has target \"\(mount.target)\"; a mount target must be an absolute path")
            }
        }

        resolveWorkspaceMount(main, into: &resolved, defaultTarget: defaultMountTarget)
        for (mount, source) in zip(resolved.mounts, kept.reversed().map(\.1))
        where mount.targetKey == resolved.workspaceMount.targetKey {
            warning(source, "\"\(source.property)\" mounts over the workspace at \(mount.target) and hides it")
        }

        resolved.hostRequirements = hostRequirements.isEmpty ? nil : hostRequirements
        resolved.pendingContainerEnv = substitution.pendingContainerEnv.sorted()
        diagnostics += substitution.diagnostics

        let errors = diagnostics.filter(\.isError)
        guard errors.isEmpty else { throw DevContainerError(errors) }
        return DevContainerResolution(
            resolved: resolved, warnings: diagnostics.sorted(), sources: sources,
            localWorkspaceFolder: context.localWorkspaceFolder)
    }

    // MARK: - Merging

    func origin(of entry: DevContainerConfig) -> String {
        guard let index = entry.metadataIndex else { return "devcontainer.json" }
        return entry.id ?? "image metadata[\(index)]"
    }

    func runArgSource(_ entry: DevContainerConfig, _ key: String) -> DevContainerSource {
        guard let index = entry.runOptions.argumentIndex[key] else { return entry.source(of: "runArgs") }
        return entry.source(of: "runArgs[\(index)]")
    }

    mutating func merge(
        _ entry: DevContainerConfig, into resolved: inout ResolvedDevContainer,
        mounts: inout [(DevContainerMount, DevContainerSource)], hostRequirements: inout HostRequirements
    ) {
        if entry.initProcess == true {
            resolved.initProcess = true
            sources["init"] = entry.source(of: "init")
        }
        if entry.runOptions.initProcess {
            resolved.initProcess = true
            sources["init"] = runArgSource(entry, "init")
        }
        if entry.privileged == true {
            resolved.privileged = true
            sources["privileged"] = entry.source(of: "privileged")
        }
        if entry.runOptions.privileged {
            resolved.privileged = true
            sources["privileged"] = runArgSource(entry, "privileged")
        }
        let capabilities =
            entry.capAdd.enumerated().map { ($0.element, entry.source(of: "capAdd[\($0.offset)]")) }
            + entry.runOptions.capAdd.map { ($0, runArgSource(entry, "capAdd:\($0)")) }
        for (capability, source) in capabilities {
            let name = RunArgsParser.normalizeCapability(capability)
            if !resolved.capAdd.contains(name) { resolved.capAdd.append(name) }
            sources["capAdd:\(name)"] = source
        }
        let securityOptions =
            entry.securityOpt.enumerated().map { ($0.element, entry.source(of: "securityOpt[\($0.offset)]")) }
            + entry.runOptions.securityOpt.map { ($0, runArgSource(entry, "securityOpt:\($0)")) }
        for (option, source) in securityOptions {
            if !resolved.securityOpt.contains(option) { resolved.securityOpt.append(option) }
            sources["securityOpt:\(option)"] = source
        }
        if let entrypoint = entry.entrypoint { resolved.entrypoints.append(entrypoint) }
        for (index, mount) in entry.mounts.enumerated() {
            mounts.append((mount, entry.source(of: "mounts[\(index)]")))
        }
        for tool in entry.customizations.keys.sorted() {
            resolved.customizations[tool, default: []].append(entry.customizations[tool]!)
        }
        for hook in LifecycleHook.allCases {
            if let command = entry.lifecycle[hook] {
                resolved.lifecycle[hook, default: []].append(LifecycleStep(origin: origin(of: entry), command: command))
                if hook == .initializeCommand { sources["initializeCommand"] = entry.source(of: hook.rawValue) }
            }
        }
        resolved.waitFor = entry.waitFor ?? resolved.waitFor
        resolved.remoteUser = entry.remoteUser ?? resolved.remoteUser
        resolved.containerUser = entry.containerUser ?? resolved.containerUser
        resolved.userEnvProbe = entry.userEnvProbe ?? resolved.userEnvProbe
        resolved.shutdownAction = entry.shutdownAction ?? resolved.shutdownAction
        resolved.otherPortsAttributes = entry.otherPortsAttributes ?? resolved.otherPortsAttributes
        resolved.overrideCommand = entry.overrideCommand ?? resolved.overrideCommand
        resolved.updateRemoteUserUID = entry.updateRemoteUserUID ?? resolved.updateRemoteUserUID
        resolved.containerEnv.merge(entry.containerEnv) { _, later in later }
        resolved.remoteEnv.merge(entry.remoteEnv) { _, later in later }
        resolved.portsAttributes.merge(entry.portsAttributes) { _, later in later }
        for (index, port) in entry.forwardPorts.enumerated() where !resolved.forwardPorts.contains(port) {
            resolved.forwardPorts.append(port)
            sources["forwardPort:\(port)"] = entry.source(of: "forwardPorts[\(index)]")
        }
        if let requirements = entry.hostRequirements {
            if let cpus = requirements.cpus, cpus >= hostRequirements.cpus ?? 0 {
                hostRequirements.cpus = cpus
                sources["hostRequirements.cpus"] = entry.source(of: "hostRequirements.cpus")
            }
            if let memory = requirements.memoryBytes, memory >= hostRequirements.memoryBytes ?? 0 {
                hostRequirements.memoryBytes = memory
                sources["hostRequirements.memory"] = entry.source(of: "hostRequirements.memory")
            }
            if let storage = requirements.storageBytes, storage >= hostRequirements.storageBytes ?? 0 {
                hostRequirements.storageBytes = storage
                sources["hostRequirements.storage"] = entry.source(of: "hostRequirements.storage")
            }
            if let gpu = requirements.gpu {
                if gpu.needsGPU || hostRequirements.gpu == nil {
                    sources["hostRequirements.gpu"] = entry.source(of: "hostRequirements.gpu")
                }
                hostRequirements.gpu = GPURequirement.merge(hostRequirements.gpu, gpu)
            }
        }
    }

    // MARK: - Workspace and build

    mutating func resolveWorkspaceMount(
        _ main: DevContainerConfig, into resolved: inout ResolvedDevContainer, defaultTarget: String
    ) {
        let folderSource = config.source(of: "workspaceFolder")
        if let mount = main.workspaceMount {
            let source = config.source(of: "workspaceMount")
            resolved.workspaceMount = mount
            sources["workspaceMount"] = source
            if !mount.target.hasPrefix("/") {
                error(source, "\"workspaceMount\" has target \"\(mount.target)\"; it must be an absolute path")
            }
            if config.workspaceFolder == nil {
                warning(
                    source,
                    "\"workspaceMount\" is set without \"workspaceFolder\"; the workspace folder stays \(resolved.workspaceFolder)"
                )
            }
        } else {
            sources["workspaceMount"] = DevContainerSource(file: config.file, mark: nil, property: "workspaceMount")
            let target = resolved.workspaceMount.targetKey
            let folder = resolved.workspaceFolder
            if config.workspaceFolder != nil, folder != target, !folder.hasPrefix(target == "/" ? "/" : target + "/") {
                warning(
                    folderSource,
                    "\"workspaceFolder\" \(folder) is outside the workspace mounted at \(target); set \"workspaceMount\" as well"
                )
            }
        }
    }

    mutating func resolveBuild(_ main: DevContainerConfig) -> ResolvedBuild? {
        guard let build = main.build else { return nil }
        let dockerfileProperty = config.marks["build.dockerfile"] != nil ? "build.dockerfile" : "dockerFile"
        let contextProperty = config.marks["build.context"] != nil ? "build.context" : "context"
        let dockerfile = BuildSpec.repositoryPath(build.dockerfile, relativeTo: config.file)
        let buildContext = BuildSpec.repositoryPath(build.context, relativeTo: config.file)
        if dockerfile == nil {
            error(
                config.source(of: dockerfileProperty),
                "\"\(dockerfileProperty)\" \"\(build.dockerfile)\" points outside the repository")
        }
        if buildContext == nil {
            error(
                config.source(of: contextProperty),
                "\"\(contextProperty)\" \"\(build.context)\" points outside the repository")
        }
        return ResolvedBuild(
            dockerfile: dockerfile ?? build.dockerfile, context: buildContext ?? build.context, args: build.args,
            target: build.target, cacheFrom: build.cacheFrom)
    }

    // MARK: - Substitution

    mutating func substituted(_ entry: DevContainerConfig) -> DevContainerConfig {
        var result = entry
        var substitution = self.substitution
        defer { self.substitution = substitution }
        func text(_ value: String, _ property: String) -> String {
            substitution.substitute(value, at: entry.source(of: property))
        }
        result.name = entry.name.map { text($0, "name") }
        result.image = entry.image.map { text($0, "image") }
        if var build = entry.build {
            build.dockerfile = text(
                build.dockerfile, entry.marks["build.dockerfile"] != nil ? "build.dockerfile" : "dockerFile")
            build.context = text(build.context, "build.context")
            build.args = Dictionary(
                uniqueKeysWithValues: build.args.map { ($0.key, text($0.value, "build.args.\($0.key)")) })
            build.target = build.target.map { text($0, "build.target") }
            build.cacheFrom = build.cacheFrom.enumerated().map { text($0.element, "build.cacheFrom[\($0.offset)]") }
            result.build = build
        }
        result.containerEnv = Dictionary(
            uniqueKeysWithValues: entry.containerEnv.map { ($0.key, text($0.value, "containerEnv.\($0.key)")) })
        result.remoteEnv = Dictionary(
            uniqueKeysWithValues: entry.remoteEnv.map { key, value in (key, value.map { text($0, "remoteEnv.\(key)") })
            })
        result.containerUser = entry.containerUser.map { text($0, "containerUser") }
        result.remoteUser = entry.remoteUser.map { text($0, "remoteUser") }
        result.workspaceMount = entry.workspaceMount?.mapStrings { text($0, "workspaceMount") }
        result.mounts = entry.mounts.enumerated().map { index, mount in
            mount.mapStrings { text($0, "mounts[\(index)]") }
        }
        result.runOptions = entry.runOptions.mapStrings { text($0, "runArgs") }
        result.capAdd = entry.capAdd.enumerated().map {
            RunArgsParser.normalizeCapability(text($0.element, "capAdd[\($0.offset)]"))
        }
        result.securityOpt = entry.securityOpt.enumerated().map { text($0.element, "securityOpt[\($0.offset)]") }
        result.entrypoint = entry.entrypoint.map { text($0, "entrypoint") }
        for (hook, command) in entry.lifecycle {
            result.lifecycle[hook] = command.mapStrings({ text($0, $1) }, path: hook.rawValue)
        }
        result.customizations = Dictionary(
            uniqueKeysWithValues: entry.customizations.map { tool, value in
                (tool, substitution.substitute(value, at: entry.source(of: "customizations.\(tool)")))
            })
        result.portsAttributes = Dictionary(
            uniqueKeysWithValues: entry.portsAttributes.map { port, value in
                (port, substitution.substitute(value, at: entry.source(of: "portsAttributes.\(port)")))
            })
        result.otherPortsAttributes = entry.otherPortsAttributes.map {
            substitution.substitute($0, at: entry.source(of: "otherPortsAttributes"))
        }
        result.features = entry.features.map {
            DevContainerFeature(
                id: $0.id, options: substitution.substitute($0.options, at: entry.source(of: "features.\($0.id)")))
        }
        return result
    }
}
