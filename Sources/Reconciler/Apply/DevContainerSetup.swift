package import DevContainer
import Foundation
package import GitspacesCore
import Shared

/// A Gitspace's devcontainer.json resolved for its container: merged, checked against the config
/// repository's Policy and the Gitspace's hardware, and reduced to the values that shape the container.
///
/// Resolved twice: when planning, without the image's `devcontainer.metadata` label (the image may not be
/// on the engine yet), which gives the spec-hash fields; and when the container is created, with the label,
/// which gives the container. Both are checked against the Policy.
package struct DevContainerSetup: Sendable, Hashable {
    package var resolution: DevContainerResolution
    /// The Gitspace's hardware: the manifest's, or sized by `hostRequirements` when the manifest gave none.
    package var hardware: Hardware
    /// The image to run: the config's, or the tag a Dockerfile-based config is built as.
    package var image: String
    /// `ResolvedSpec.devcontainerConfig`: the keys that differ from an empty devcontainer.json (the entries
    /// of `containerEnv`, `remoteEnv` and `lifecycle` one by one), as compact JSON; and `volumes`, the engine
    /// volume of each named volume (see `GitspaceVolumes`).
    package var config: [String: String]
    /// What the user should know that stops nothing: warnings of the config, `initializeCommand` not run.
    package var notes: [String]
    /// What resolving again needs (with the image's label, or the container's environment).
    package var context: DevContainerContext
    package var configText: String?
    package var configFile: String
    package var gitspace: Gitspace
    package var policy: Policy
    package var instance: String
    /// The features to install, in install order (empty when the config asks for none).
    package var features: [ResolvedFeature] = []
    /// The image the features are installed on (the config's image or the Dockerfile build's tag); equal to
    /// ``image`` when there are no features.
    package var baseImage: String = ""
    /// The users install.sh is told about.
    package var featureUsers = FeatureDockerfile.Users(containerUser: "root", remoteUser: "root")

    /// Resolves again with what is known once the image exists (its `devcontainer.metadata` label) or the
    /// container runs (its environment, for `${containerEnv:…}`); checked against the Policy again.
    package func resolvedAgain(source: ResolvedSource, imageLabel: String?, containerEnv: [String: String]? = nil)
        -> Result<DevContainerSetup, ApplyError>
    {
        Self.resolve(
            gitspace: gitspace, source: source, policy: policy, instance: instance,
            workspace: context.localWorkspaceFolder, localEnv: context.localEnv, imageLabel: imageLabel,
            containerEnv: containerEnv)
    }

    /// The keys of the resolved configuration that do not change the container (or are hashed elsewhere).
    static let keysOutsideTheContainer: Set<String> = [
        "image", "build", "configFile", "name", "customizations", "portsAttributes", "otherPortsAttributes",
        "hostRequirements", "features", "devcontainerId", "pendingContainerEnv", "userEnvProbe", "waitFor",
        "shutdownAction", "updateRemoteUserUID",
    ]

    /// Hooks Gitspaces does not run: `initializeCommand` belongs to the host, `postAttachCommand` to a tool.
    static let hooksNotRun: Set<String> = [
        LifecycleHook.initializeCommand.rawValue, LifecycleHook.postAttachCommand.rawValue,
    ]

    /// `forwardPorts` entries naming another host (`"db:5432"`): Gitspaces runs no other service to forward
    /// from, and a relay to any host the container names would be a way out of it. Refused at the entry.
    static func forwardPortsToOtherHosts(_ resolution: DevContainerResolution) -> [DevContainerDiagnostic] {
        resolution.resolved.forwardPorts.compactMap { port in
            guard let host = port.host else { return nil }
            let source = resolution.source(of: "forwardPort:\(port)")
            return DevContainerDiagnostic(
                .error, at: source,
                "\"\(source.property)\" forwards port \(port.port) of the host \"\(host)\"; Gitspaces forwards only "
                    + "the Gitspace's own ports: write \(port.port) (or \"localhost:\(port.port)\") for a port of the "
                    + "container, or remove the entry")
        }
    }

    /// The context a Gitspace's configuration resolves in: its workspace, the allow-listed host variables
    /// only, and the identity labels `${devcontainerId}` is computed from.
    package static func context(
        for gitspace: Gitspace, instance: String, workspace: String, localEnv: [String: String] = [:],
        containerEnv: [String: String]? = nil
    ) -> DevContainerContext {
        DevContainerContext(
            repositoryName: DevContainerContext.repositoryName(fromURL: gitspace.repo), localWorkspaceFolder: workspace,
            localEnv: localEnv,
            idLabels: [ContainerIdentity.instanceLabel: instance, ContainerIdentity.nameLabel: gitspace.name],
            containerEnv: containerEnv)
    }

    /// Resolves `source`'s configuration for `gitspace`; every refusal is an error for this Gitspace alone.
    ///
    /// `parsed` is `source`'s devcontainer.json as ``parse(_:)`` reads it, when the caller read it once for many
    /// Gitspaces; nil reads it here.
    package static func resolve(
        gitspace: Gitspace, source: ResolvedSource, policy: Policy, instance: String, workspace: String,
        localEnv: [String: String] = [:], imageLabel: String? = nil, containerEnv: [String: String]? = nil,
        parsed: Result<DevContainerParseResult?, DevContainerError>? = nil
    ) -> Result<DevContainerSetup, ApplyError> {
        let file = source.configPath ?? DevContainerConfig.builtinDefaultFile
        let read: DevContainerParseResult?
        switch parsed ?? parse(source) {
        case .success(let value): read = value
        case .failure(let error): return .failure(ApplyError(.unresolved, describe(error.diagnostics)))
        }
        let context = context(
            for: gitspace, instance: instance, workspace: workspace, localEnv: localEnv, containerEnv: containerEnv)
        let features: [ResolvedFeature]
        switch resolveFeatures(source: source, config: read?.config, policy: policy) {
        case .success(let value): features = value
        case .failure(let error): return .failure(error)
        }
        let resolution: DevContainerResolution
        let baseline: DevContainerResolution
        do {
            // A features image's label holds the features' entries already.
            resolution = try DevContainerResolver.resolve(
                parsed: read, imageLabel: imageLabel,
                features: imageLabel == nil ? features.map(\.metadataEntry) : [], context: context)
            baseline = try DevContainerResolver.resolve(DevContainerConfig(file: file), context: context)
        } catch {
            return .failure(ApplyError(.unresolved, describe(error.diagnostics)))
        }
        var errors: [DevContainerDiagnostic] = []
        let rules = DevContainerPolicy(
            allowPrivileged: policy.devcontainer.allowPrivileged, allowHostMounts: policy.devcontainer.allowHostMounts,
            allowCapAdd: policy.devcontainer.allowCapAdd)
        errors += rules.check(resolution)
        errors += forwardPortsToOtherHosts(resolution)
        let sized = size(gitspace: gitspace, resolution: resolution, policy: policy)
        errors += sized.errors
        guard errors.isEmpty else { return .failure(ApplyError(.unresolved, describe(errors))) }

        var image = resolution.resolved.image ?? source.image
        if let build = resolution.resolved.build {
            guard let inputs = source.build else {
                return .failure(ApplyError(.unresolved, "\(file): the build's Dockerfile and context were not read"))
            }
            image = buildTag(repo: gitspace.repo, build: build, inputs: inputs)
        }
        let baseImage = image
        let containerUser = resolution.resolved.containerUser ?? "root"
        let users = FeatureDockerfile.Users(
            containerUser: containerUser, remoteUser: resolution.resolved.remoteUser ?? containerUser)
        if !features.isEmpty {
            image = FeatureDockerfile.tag(
                name: imageName(gitspace.repo), baseImage: baseImage, features: features, users: users)
        }
        let notes = resolution.warnings.map { "\($0.location): \($0.message)" }
        var config = configMap(resolution.resolved, baseline: baseline.resolved)
        // The engine volumes behind the named volumes: sharing one by the Policy (or not) recreates the container.
        let volumes = GitspaceVolumes.claims(
            of: resolution.resolved, gitspace: gitspace.name, instance: instance,
            shared: policy.devcontainer.sharedVolumes)
        if !volumes.isEmpty {
            config["volumes"] = JSONTree.object(
                Dictionary(volumes.map { ($0.volume, JSONTree.string($0.engineName)) }, uniquingKeysWith: { $1 })
            ).rendered(pretty: false)
        }
        var setup = DevContainerSetup(
            resolution: resolution, hardware: sized.hardware, image: image, config: config, notes: notes,
            context: context, configText: source.configText, configFile: file, gitspace: gitspace, policy: policy,
            instance: instance)
        setup.features = features
        setup.baseImage = baseImage
        setup.featureUsers = users
        return .success(setup)
    }

    /// `source`'s devcontainer.json read (nil for the built-in default), or every error found in it.
    package static func parse(_ source: ResolvedSource) -> Result<DevContainerParseResult?, DevContainerError> {
        guard let text = source.configText else { return .success(nil) }
        let file = source.configPath ?? DevContainerConfig.builtinDefaultFile
        do {
            return .success(try DevContainerConfig.parse(text, file: file))
        } catch {
            return .failure(error)
        }
    }

    /// The features of `source`'s devcontainer.json in install order, with their options: local folders
    /// read at the source commit; each reference checked against `Policy.devcontainer.allowedFeatures`.
    /// A registry or tarball feature is refused until a ``FeatureFetching`` is configured.
    package static func resolveFeatures(source: ResolvedSource, file: String, policy: Policy)
        -> Result<[ResolvedFeature], ApplyError>
    {
        let config = source.configText.flatMap { try? DevContainerConfig.parse($0, file: file).config }
        return resolveFeatures(source: source, config: config, policy: policy)
    }

    /// `resolveFeatures(source:file:policy:)` for `source`'s devcontainer.json already read (`config`).
    static func resolveFeatures(source: ResolvedSource, config: DevContainerConfig?, policy: Policy)
        -> Result<[ResolvedFeature], ApplyError>
    {
        guard let config, !config.featureMembers.isEmpty else { return .success([]) }
        let read = FeatureRequest.read(config)
        var errors = read.errors
        var metadata: [FeatureReference.Kind: FeatureMetadata] = [:]
        var fetched: [FeatureReference.Kind: (digest: String, resolved: String)] = [:]
        var pending = read.requests
        while !pending.isEmpty {
            for request in pending {
                let reference = request.reference
                if !policy.devcontainer.allowsFeature(reference.written, canonical: reference.description) {
                    errors.append(
                        DevContainerDiagnostic(
                            .error, at: request.source,
                            "feature \(reference.written) is not allowed by the Policy's devcontainer.allowedFeatures (\(policy.devcontainer.allowedFeatures.joined(separator: ", ")))"
                        ))
                    metadata[reference.kind] = nil
                    continue
                }
                if let remote = source.fetchedFeatures[reference.kind] {
                    let file = "\(reference.description) devcontainer-feature.json"
                    guard let bytes = FileManager.default.contents(atPath: remote.folder + "/devcontainer-feature.json")
                    else {
                        errors.append(
                            DevContainerDiagnostic(
                                .error, at: request.source,
                                "feature \(reference.written) has no devcontainer-feature.json (fetched into \(remote.folder))"
                            ))
                        continue
                    }
                    do {
                        metadata[reference.kind] = try FeatureMetadata.parse(bytes: Array(bytes), file: file).metadata
                        fetched[reference.kind] = (digest: remote.digest, resolved: remote.resolved)
                    } catch {
                        errors += error.diagnostics
                    }
                    continue
                }
                guard case .local(let path) = reference.kind else {
                    errors.append(
                        DevContainerDiagnostic(
                            .error, at: request.source,
                            "feature \(reference.written) must be fetched from \(reference.description), and no feature fetcher is configured; use a local feature (./name) or bake it into the image"
                        ))
                    continue
                }
                guard let folder = source.localFeatures[path] else {
                    errors.append(
                        DevContainerDiagnostic(
                            .error, at: request.source,
                            "local feature \(reference.written): \(path)/devcontainer-feature.json is not in the repository at \(source.commit.prefix(12))"
                        ))
                    continue
                }
                do {
                    let parsed = try FeatureMetadata.parse(
                        bytes: folder.metadata, file: "\(path)/devcontainer-feature.json")
                    metadata[reference.kind] = parsed.metadata
                    fetched[reference.kind] = (digest: folder.digest, resolved: path)
                    if folder.files["install.sh"] == nil {
                        errors.append(
                            DevContainerDiagnostic(
                                .error, at: request.source,
                                "local feature \(reference.written) has no install.sh in \(path)"))
                    }
                } catch {
                    errors += error.diagnostics
                }
            }
            guard errors.isEmpty else { break }
            pending = FeatureInstallOrder.missing(read.requests, metadata: metadata)
        }
        guard errors.isEmpty else { return .failure(ApplyError(.unresolved, describe(errors))) }
        do {
            let order = try FeatureInstallOrder.compute(
                read.requests, metadata: metadata, overrideOrder: config.overrideFeatureInstallOrder,
                configFolder: config.file.split(separator: "/").dropLast().joined(separator: "/"),
                featuresSource: config.source(of: "features"))
            let resolved = ResolvedFeature.resolve(order, fetched: fetched)
            let optionErrors = resolved.diagnostics.filter(\.isError)
            guard optionErrors.isEmpty else { return .failure(ApplyError(.unresolved, describe(optionErrors))) }
            return .success(resolved.features)
        } catch {
            return .failure(ApplyError(.unresolved, describe(error.diagnostics)))
        }
    }

    /// Fetches every registry and tarball feature of `source`'s devcontainer.json, and their `dependsOn`
    /// recursively, into ``ResolvedSource/fetchedFeatures`` (by the digest devcontainer-lock.json pins, when it
    /// does). Local features are read by the source resolver already.
    package static func fetchFeatures(_ source: ResolvedSource, fetcher: any FeatureFetching) async
        -> Result<ResolvedSource, ApplyError>
    {
        guard let text = source.configText, let file = source.configPath,
            let config = try? DevContainerConfig.parse(text, file: file).config, !config.featureMembers.isEmpty
        else { return .success(source) }
        var lockfile = FeatureLockfile()
        if let lockText = source.lockfileText {
            do {
                lockfile = try FeatureLockfile.parse(lockText, file: FeatureLockfile.fileName(forConfig: file))
            } catch {
                return .failure(ApplyError(.unresolved, describe(error.diagnostics)))
            }
        }
        var result = source
        var metadata: [FeatureReference.Kind: FeatureMetadata] = [:]
        for (path, local) in source.localFeatures {
            if let parsed = try? FeatureMetadata.parse(bytes: local.metadata, file: path) {
                metadata[.local(path: path)] = parsed.metadata
            }
        }
        let requests = FeatureRequest.read(config).requests
        while true {
            let missing = FeatureInstallOrder.missing(requests, metadata: metadata).filter { !$0.reference.isLocal }
            guard !missing.isEmpty else { break }
            for request in missing {
                let reference = request.reference
                do {
                    let fetched = try await fetcher.fetch(reference, lockedDigest: lockfile.integrity(for: reference))
                    result.fetchedFeatures[reference.kind] = fetched
                    let bytes = FileManager.default.contents(atPath: fetched.folder + "/devcontainer-feature.json")
                    let parsed = try FeatureMetadata.parse(
                        bytes: Array(bytes ?? Data()), file: "\(reference.description) devcontainer-feature.json")
                    metadata[reference.kind] = parsed.metadata
                } catch {
                    let diagnostic = DevContainerDiagnostic(
                        .error, at: request.source, "fetching feature \(reference.written) failed: \(error)")
                    return .failure(ApplyError(.unresolved, describe([diagnostic])))
                }
            }
        }
        return .success(result)
    }

    /// Every diagnostic on a line of its own, so that each names its place.
    static func describe(_ diagnostics: [DevContainerDiagnostic]) -> String {
        diagnostics.sorted().map(\.description).joined(separator: "\n")
    }

    /// The manifest's hardware checked against `hostRequirements`; the built-in default raised to them.
    static func size(gitspace: Gitspace, resolution: DevContainerResolution, policy: Policy)
        -> (hardware: Hardware, errors: [DevContainerDiagnostic])
    {
        var hardware = gitspace.hardware
        guard let requirements = resolution.resolved.hostRequirements else { return (hardware, []) }
        let current = HostHardware(
            millicpus: hardware.cpus.millis, memoryBytes: hardware.memory.bytes, diskBytes: hardware.disk?.bytes,
            gpus: hardware.gpus)
        let place = gitspace.location.file.isEmpty ? "" : " (\(gitspace.location))"
        switch gitspace.hardwareSource {
        case .profile(let profile):
            return (
                hardware,
                resolution.checkHardware(
                    current, label: "Gitspace \(gitspace.name)\(place): hardware profile \"\(profile)\"")
            )
        case .inline:
            return (hardware, resolution.checkHardware(current, label: "Gitspace \(gitspace.name)\(place): hardware"))
        case .builtinDefault:
            let derived = requirements.derivedHardware(fallback: current)
            hardware.cpus = CPUs(millis: max(current.millicpus, derived.millicpus))
            hardware.memory = ByteSize(bytes: max(current.memoryBytes, derived.memoryBytes))
            if let disk = derived.diskBytes { hardware.disk = ByteSize(bytes: max(current.diskBytes ?? 0, disk)) }
            hardware.gpus = max(current.gpus, derived.gpus)
            var errors: [DevContainerDiagnostic] = []
            let limits = policy.maxHardware
            func over(_ what: String, _ key: String, _ value: String, _ limit: String) {
                errors.append(
                    DevContainerDiagnostic(
                        .error, at: resolution.source(of: "hostRequirements.\(key)"),
                        "hostRequirements.\(key) sizes Gitspace \(gitspace.name)\(place) at \(what) \(value), above the Policy's maxHardware.\(what) \(limit)"
                    ))
            }
            if let limit = limits.cpus, hardware.cpus > limit {
                over("cpus", "cpus", hardware.cpus.description, limit.description)
            }
            if let limit = limits.memory, hardware.memory > limit {
                over("memory", "memory", hardware.memory.description, limit.description)
            }
            if let limit = limits.disk, let disk = hardware.disk, disk > limit {
                over("disk", "storage", disk.description, limit.description)
            }
            if let limit = limits.gpus, hardware.gpus > limit {
                over("gpus", "gpu", String(hardware.gpus), String(limit))
            }
            return (hardware, errors)
        }
    }

    /// The container-shaping keys of `resolved` whose value differs from an empty devcontainer.json's.
    static func configMap(_ resolved: ResolvedDevContainer, baseline: ResolvedDevContainer) -> [String: String] {
        func object(_ value: ResolvedDevContainer) -> [String: JSONTree] {
            guard case .object(var members) = value.canonical else { return [:] }
            for key in keysOutsideTheContainer { members[key] = nil }
            if case .object(var hooks)? = members["lifecycle"] {
                for hook in hooksNotRun { hooks[hook] = nil }
                members["lifecycle"] = .object(hooks)
            }
            return members
        }
        let base = flattened(object(baseline))
        var map: [String: String] = [:]
        for (key, value) in flattened(object(resolved)) where base[key] != value {
            map[key] = value.rendered(pretty: false)
        }
        return map
    }

    /// Maps whose entries change one at a time: a plan lists `containerEnv.EDITOR`, not the whole map.
    static let keysListedPerEntry: Set<String> = ["containerEnv", "remoteEnv", "lifecycle"]

    /// A hook's steps as devcontainer.json writes them: the command alone when there is one. (Steps from
    /// image metadata only join when the container is created, so every step here has the same origin.)
    static func commands(of steps: JSONTree) -> JSONTree {
        guard case .array(let items) = steps else { return steps }
        let commands = items.map { item -> JSONTree in
            if case .object(let members) = item, let command = members["command"] { return command }
            return item
        }
        return commands.count == 1 ? commands[0] : .array(commands)
    }

    static func flattened(_ members: [String: JSONTree]) -> [String: JSONTree] {
        var result: [String: JSONTree] = [:]
        for (key, value) in members {
            if keysListedPerEntry.contains(key), case .object(let entries) = value {
                for (entry, inner) in entries {
                    result["\(key).\(entry)"] = key == "lifecycle" ? commands(of: inner) : inner
                }
            } else {
                result[key] = value
            }
        }
        return result
    }

    /// `gitspaces-build/<repository>:<16 hex digits>`: a digest of the Dockerfile, the context's files, the
    /// build args and the target, so that an unchanged build is found on the engine instead of rebuilt.
    static func buildTag(repo: String, build: ResolvedBuild, inputs: BuildSource) -> String {
        var text = "gitspaces.build/v1\n"
        func line(_ key: String, _ value: String) { text += "\(key)=\(value.utf8.count):\(value)\n" }
        line("dockerfile", inputs.dockerfile)
        line("dockerfileBlob", inputs.dockerfileBlob)
        line("context", inputs.context)
        for path in inputs.files.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            line("file", path)
            line("blob", inputs.files[path] ?? "")
        }
        for key in build.args.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            line("arg", key)
            line("value", build.args[key] ?? "")
        }
        line("target", build.target ?? "")
        let digest = Hashing.sha256Hex(text)
        return "gitspaces-build/\(imageName(repo)):\(digest.prefix(16))"
    }

    /// A repository name as an image name component: lowercase letters and digits, other characters as
    /// single dashes, none at either end (Docker's grammar for a path component).
    static func imageName(_ repo: String) -> String {
        let name = DevContainerContext.repositoryName(fromURL: repo).lowercased()
        var result = ""
        for scalar in name.unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                result.unicodeScalars.append(scalar)
            } else if !result.isEmpty, !result.hasSuffix("-") {
                result += "-"
            }
        }
        while result.hasSuffix("-") { result.removeLast() }
        return result.isEmpty ? "source" : String(result.prefix(100))
    }
}
