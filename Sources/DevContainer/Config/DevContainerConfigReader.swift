import Shared

/// Turns a parsed JSONC tree into a ``DevContainerConfig``, collecting every diagnostic.
struct DevContainerConfigReader {
    enum Mode {
        /// A devcontainer.json: needs an image or a Dockerfile.
        case devcontainer
        /// One entry of an image's `devcontainer.metadata` label.
        case imageMetadata
    }

    let file: String
    let mode: Mode
    var diagnostics: [DevContainerDiagnostic] = []

    init(file: String, mode: Mode) {
        self.file = file
        self.mode = mode
    }

    /// Every property devcontainer.json may hold, image-based or Dockerfile-based.
    static let devcontainerProperties: Set<String> = [
        "$schema", "name", "image", "build", "dockerFile", "context", "dockerComposeFile", "service", "runServices",
        "containerEnv", "remoteEnv", "containerUser", "remoteUser", "updateRemoteUserUID", "userEnvProbe",
        "workspaceFolder",
        "workspaceMount", "mounts", "forwardPorts", "appPort", "portsAttributes", "otherPortsAttributes", "runArgs",
        "privileged", "init", "capAdd", "securityOpt", "overrideCommand", "shutdownAction", "hostRequirements",
        "features",
        "overrideFeatureInstallOrder", "customizations", "waitFor", "secrets", "initializeCommand", "onCreateCommand",
        "updateContentCommand", "postCreateCommand", "postStartCommand", "postAttachCommand",
    ]

    /// The properties an image's metadata label may carry (spec "Image Metadata", merge table).
    static let metadataProperties: Set<String> = [
        "id", "init", "privileged", "capAdd", "securityOpt", "entrypoint", "mounts", "customizations",
        "onCreateCommand",
        "updateContentCommand", "postCreateCommand", "postStartCommand", "postAttachCommand", "waitFor", "remoteUser",
        "containerUser", "userEnvProbe", "remoteEnv", "containerEnv", "overrideCommand", "portsAttributes",
        "otherPortsAttributes", "forwardPorts", "shutdownAction", "updateRemoteUserUID", "hostRequirements",
    ]

    // MARK: - Diagnostics

    mutating func error(_ mark: JSONMark?, _ property: String, _ message: String) {
        diagnostics.append(DevContainerDiagnostic(.error, file: file, mark: mark, property: property, message))
    }

    mutating func warning(_ mark: JSONMark?, _ property: String, _ message: String) {
        diagnostics.append(DevContainerDiagnostic(.warning, file: file, mark: mark, property: property, message))
    }

    mutating func typeError(_ value: JSONValue, _ path: String, _ expected: String) {
        error(value.mark, path, "\"\(path)\" must be \(expected), not \(value.typeDescription)")
    }

    // MARK: - Scalars

    mutating func string(_ value: JSONValue, _ path: String, allowEmpty: Bool = true) -> String? {
        guard let text = value.string else {
            typeError(value, path, "a string")
            return nil
        }
        if !allowEmpty && text.isEmpty {
            error(value.mark, path, "\"\(path)\" must not be empty")
            return nil
        }
        return text
    }

    mutating func bool(_ value: JSONValue, _ path: String) -> Bool? {
        guard let flag = value.bool else {
            typeError(value, path, "true or false")
            return nil
        }
        return flag
    }

    mutating func oneOf(_ value: JSONValue, _ path: String, _ allowed: [String]) -> String? {
        guard let text = string(value, path) else { return nil }
        guard allowed.contains(text) else {
            error(
                value.mark, path,
                "\"\(path)\" must be one of \(allowed.map { "\"\($0)\"" }.joined(separator: ", ")), not \"\(text)\"")
            return nil
        }
        return text
    }

    mutating func stringArray(_ value: JSONValue, _ path: String) -> [String]? {
        guard let items = value.array else {
            typeError(value, path, "an array of strings")
            return nil
        }
        var result: [String] = []
        var ok = true
        for (index, item) in items.enumerated() {
            if let text = string(item, JSONPath.element(index, of: path)) { result.append(text) } else { ok = false }
        }
        return ok ? result : nil
    }

    mutating func stringMap(_ value: JSONValue, _ path: String, environment: Bool) -> [String: String]? {
        guard let members = value.object else {
            typeError(value, path, "an object of strings")
            return nil
        }
        var result: [String: String] = [:]
        for member in members {
            let memberPath = JSONPath.member(member.key, of: path)
            if environment && !validVariableName(member.key, at: member.keyMark, memberPath) { continue }
            if let text = string(member.value, memberPath) { result[member.key] = text }
        }
        return result
    }

    mutating func validVariableName(_ name: String, at mark: JSONMark, _ path: String) -> Bool {
        guard !name.isEmpty, !name.contains("="), !name.contains("\0") else {
            error(mark, path, "\"\(name)\" is not a valid environment variable name (it must be non-empty without '=')")
            return false
        }
        return true
    }

    // MARK: - Document

    mutating func read(_ document: JSONCDocument) -> DevContainerConfig {
        for duplicate in document.duplicateKeys {
            warning(
                duplicate.overridden, duplicate.path,
                "\"\(duplicate.path)\" is set more than once; the value at \(duplicate.winner) wins")
        }
        return read(document.root)
    }

    mutating func read(_ root: JSONValue) -> DevContainerConfig {
        var config = DevContainerConfig(file: file)
        Self.collectMarks(root, path: "", into: &config.marks)
        guard let members = root.object else {
            error(
                root.mark, "",
                "\(mode == .devcontainer ? "devcontainer.json" : "an image metadata entry") must hold a JSON object, not \(root.typeDescription)"
            )
            return config
        }
        if mode == .devcontainer {
            readImageSource(root, into: &config)
        }
        for member in members {
            readProperty(member, into: &config)
        }
        return config
    }

    /// Longest property path whose position is recorded: deeper or longer paths fall back to
    /// their nearest recorded ancestor, which keeps the table linear in the input size.
    static let maxRecordedPathLength = 160

    static func collectMarks(_ value: JSONValue, path: String, into marks: inout [String: JSONMark]) {
        guard path.utf8.count <= maxRecordedPathLength else { return }
        marks[path] = value.mark
        switch value.kind {
        case .array(let items):
            for (index, item) in items.enumerated() {
                collectMarks(item, path: JSONPath.element(index, of: path), into: &marks)
            }
        case .object(let members):
            for member in members {
                collectMarks(member.value, path: JSONPath.member(member.key, of: path), into: &marks)
            }
        default:
            break
        }
    }

    /// `image`, `build` / legacy `dockerFile` + `context`, and the refused compose form.
    mutating func readImageSource(_ root: JSONValue, into config: inout DevContainerConfig) {
        if let compose = root["dockerComposeFile"] {
            error(
                compose.mark, "dockerComposeFile",
                "compose-based configs (\"dockerComposeFile\") are not supported: Gitspaces runs one container per Gitspace; use \"image\" or \"build.dockerfile\""
            )
            return
        }
        let image = root["image"].flatMap { string($0, "image", allowEmpty: false) }
        var dockerfile: String?
        var context: String?
        var spec = BuildSpec(dockerfile: "")
        if let legacy = root["dockerFile"] {
            dockerfile = string(legacy, "dockerFile", allowEmpty: false)
        }
        if let legacyContext = root["context"] {
            context = string(legacyContext, "context", allowEmpty: false)
        }
        if let build = root["build"] {
            if let members = build.object {
                for member in members {
                    let path = "build.\(member.key)"
                    switch member.key {
                    case "dockerfile": dockerfile = string(member.value, path, allowEmpty: false) ?? dockerfile
                    case "context": context = string(member.value, path, allowEmpty: false) ?? context
                    case "args": spec.args = stringMap(member.value, path, environment: false) ?? [:]
                    case "target": spec.target = string(member.value, path, allowEmpty: false)
                    case "cacheFrom":
                        if let single = member.value.string {
                            spec.cacheFrom = [single]
                        } else if member.value.array != nil {
                            spec.cacheFrom = stringArray(member.value, path) ?? []
                        } else {
                            typeError(member.value, path, "a string or an array of strings")
                        }
                    default:
                        warning(
                            member.keyMark, path,
                            "unknown property '\(path)' is ignored\(Suggestion.hint(for: member.key, in: ["dockerfile", "context", "args", "target", "cacheFrom"]))"
                        )
                    }
                }
                if dockerfile == nil && root["dockerFile"] == nil && build["dockerfile"] == nil {
                    error(
                        build.mark, "build",
                        "\"build\" needs \"dockerfile\": the path of the Dockerfile relative to devcontainer.json")
                }
            } else {
                typeError(build, "build", "an object")
            }
        }
        if let dockerfile {
            spec.dockerfile = dockerfile
            spec.context = context ?? "."
            config.build = spec
            if image != nil, let imageValue = root["image"] {
                error(imageValue.mark, "image", "set either \"image\" or \"build.dockerfile\", not both")
            }
        } else if image != nil {
            config.image = image
        } else if root["image"] == nil && root["build"] == nil && root["dockerFile"] == nil {
            error(root.mark, "", "devcontainer.json names no image: set \"image\" or \"build.dockerfile\"")
        }
    }

    // MARK: - Properties

    mutating func readProperty(_ member: JSONMember, into config: inout DevContainerConfig) {
        let key = member.key
        let value = member.value
        if mode == .imageMetadata && !Self.metadataProperties.contains(key) {
            if Self.devcontainerProperties.contains(key) {
                warning(member.keyMark, key, "\"\(key)\" has no effect in image metadata and is ignored")
            } else {
                warning(
                    member.keyMark, key,
                    "unknown property '\(key)' is ignored\(Suggestion.hint(for: key, in: Self.metadataProperties))")
            }
            config.unknownProperties.append(member)
            return
        }
        switch key {
        case "overrideFeatureInstallOrder":
            config.overrideFeatureInstallOrder = stringArray(value, key) ?? []
        case "$schema", "secrets":
            break
        case "image", "build", "dockerFile", "context", "dockerComposeFile":
            break  // readImageSource
        case "service", "runServices":
            warning(member.keyMark, key, "\"\(key)\" only applies to compose-based configs and is ignored")
        case "name": config.name = string(value, key)
        case "id": config.id = string(value, key)
        case "entrypoint": config.entrypoint = string(value, key)
        case "containerEnv": config.containerEnv = stringMap(value, key, environment: true) ?? [:]
        case "remoteEnv": config.remoteEnv = readRemoteEnv(value)
        case "containerUser": config.containerUser = string(value, key, allowEmpty: false)
        case "remoteUser": config.remoteUser = string(value, key, allowEmpty: false)
        case "updateRemoteUserUID": config.updateRemoteUserUID = bool(value, key)
        case "userEnvProbe":
            config.userEnvProbe = oneOf(
                value, key, ["none", "interactiveShell", "loginShell", "loginInteractiveShell"])
        case "workspaceFolder": config.workspaceFolder = string(value, key, allowEmpty: false)
        case "workspaceMount":
            if let text = string(value, key, allowEmpty: false) {
                config.workspaceMount = mount(fromString: text, value.mark, key)
            }
        case "mounts": config.mounts = readMounts(value)
        case "forwardPorts": config.forwardPorts = readForwardPorts(value)
        case "appPort": config.appPort = readAppPorts(value)
        case "portsAttributes":
            if let members = value.object {
                for port in members {
                    if port.value.object != nil {
                        config.portsAttributes[port.key] = port.value.canonical
                    } else {
                        typeError(port.value, "portsAttributes.\(port.key)", "an object")
                    }
                }
            } else {
                typeError(value, key, "an object")
            }
        case "otherPortsAttributes":
            if value.object != nil {
                config.otherPortsAttributes = value.canonical
            } else {
                typeError(value, key, "an object")
            }
        case "runArgs":
            if let arguments = stringArray(value, key) {
                config.runArgs = arguments
                config.runOptions = readRunArgs(arguments, value)
            }
        case "privileged": config.privileged = bool(value, key)
        case "init": config.initProcess = bool(value, key)
        case "capAdd": config.capAdd = (stringArray(value, key) ?? []).map(RunArgsParser.normalizeCapability)
        case "securityOpt": config.securityOpt = stringArray(value, key) ?? []
        case "overrideCommand": config.overrideCommand = bool(value, key)
        case "shutdownAction": config.shutdownAction = oneOf(value, key, ["none", "stopContainer", "stopCompose"])
        case "waitFor":
            config.waitFor = oneOf(
                value, key, LifecycleHook.allCases.filter { $0 != .postAttachCommand }.map(\.rawValue))
        case "hostRequirements": config.hostRequirements = readHostRequirements(value)
        case "features":
            if let members = value.object {
                config.features = members.map { DevContainerFeature(id: $0.key, options: $0.value.canonical) }
                config.featureMembers = members
            } else {
                typeError(value, key, "an object")
            }
        case "customizations":
            if let members = value.object {
                for tool in members { config.customizations[tool.key] = tool.value.canonical }
            } else {
                typeError(value, key, "an object")
            }
        default:
            if let hook = LifecycleHook(rawValue: key) {
                if let command = readCommand(value, key) { config.lifecycle[hook] = command }
                if hook == .initializeCommand {
                    warning(member.keyMark, key, "\"initializeCommand\" runs on the host and is not run by Gitspaces")
                }
            } else {
                warning(
                    member.keyMark, key,
                    "unknown property '\(key)' is ignored\(Suggestion.hint(for: key, in: Self.devcontainerProperties))")
                config.unknownProperties.append(member)
            }
        }
    }

    mutating func readRemoteEnv(_ value: JSONValue) -> [String: String?] {
        guard let members = value.object else {
            typeError(value, "remoteEnv", "an object of strings")
            return [:]
        }
        var result: [String: String?] = [:]
        for member in members {
            let path = "remoteEnv.\(member.key)"
            guard validVariableName(member.key, at: member.keyMark, path) else { continue }
            if member.value.isNull {
                result[member.key] = .some(nil)
            } else if let text = member.value.string {
                result[member.key] = text
            } else {
                typeError(member.value, path, "a string or null")
            }
        }
        return result
    }

    mutating func readCommand(_ value: JSONValue, _ path: String, nested: Bool = false) -> LifecycleCommand? {
        switch value.kind {
        case .string(let text):
            return text.isEmpty ? nil : .shell(text)
        case .array:
            guard let arguments = stringArray(value, path) else { return nil }
            guard !arguments.isEmpty else {
                error(value.mark, path, "\"\(path)\" is an empty array; give the program and its arguments")
                return nil
            }
            return .exec(arguments)
        case .object(let members) where !nested:
            var commands: [NamedCommand] = []
            for member in members {
                if let command = readCommand(member.value, JSONPath.member(member.key, of: path), nested: true) {
                    commands.append(NamedCommand(name: member.key, command: command))
                }
            }
            return commands.isEmpty ? nil : .parallel(commands)
        case .object:
            typeError(value, path, "a string or an array of strings (parallel commands cannot nest)")
            return nil
        default:
            typeError(value, path, "a string, an array of strings or an object of commands")
            return nil
        }
    }

    mutating func mount(fromString text: String, _ mark: JSONMark, _ path: String) -> DevContainerMount? {
        switch DevContainerMount.parse(text) {
        case .success(let mount): return mount
        case .failure(let failure):
            error(mark, path, "\"\(path)\": \(failure.message) in \"\(text)\"")
            return nil
        }
    }

    mutating func readMounts(_ value: JSONValue) -> [DevContainerMount] {
        guard let items = value.array else {
            typeError(value, "mounts", "an array")
            return []
        }
        var mounts: [DevContainerMount] = []
        for (index, item) in items.enumerated() {
            let path = JSONPath.element(index, of: "mounts")
            switch item.kind {
            case .string(let text):
                if let mount = mount(fromString: text, item.mark, path) { mounts.append(mount) }
            case .object(let members):
                var type: DevContainerMount.Kind?
                var source: String?
                var target: String?
                var ok = true
                for member in members {
                    let memberPath = JSONPath.member(member.key, of: path)
                    switch member.key {
                    case "type":
                        if let text = string(member.value, memberPath) {
                            if let kind = DevContainerMount.Kind(rawValue: text), kind != .tmpfs {
                                type = kind
                            } else {
                                error(
                                    member.value.mark, memberPath,
                                    "\"\(memberPath)\" must be \"bind\" or \"volume\", not \"\(text)\"")
                                ok = false
                            }
                        } else {
                            ok = false
                        }
                    case "source": source = string(member.value, memberPath)
                    case "target": target = string(member.value, memberPath)
                    default:
                        error(
                            member.keyMark, memberPath,
                            "unknown mount property \"\(member.key)\": the object form takes type, source and target (use the string form for other options)"
                        )
                        ok = false
                    }
                }
                guard ok else { continue }
                guard let type else {
                    error(item.mark, path, "\"\(path)\" needs \"type\" (\"bind\" or \"volume\")")
                    continue
                }
                switch DevContainerMount.validated(
                    type: type, source: source, target: target, readOnly: false, options: [])
                {
                case .success(let mount): mounts.append(mount)
                case .failure(let failure): error(item.mark, path, "\"\(path)\": \(failure.message)")
                }
            default:
                typeError(item, path, "a mount string or a {type, source, target} object")
            }
        }
        return mounts
    }

    mutating func readForwardPorts(_ value: JSONValue) -> [ForwardPort] {
        guard let items = value.array else {
            typeError(value, "forwardPorts", "an array")
            return []
        }
        var ports: [ForwardPort] = []
        for (index, item) in items.enumerated() {
            let path = JSONPath.element(index, of: "forwardPorts")
            if let number = item.number {
                if let port = number.intValue, (1...65535).contains(port) {
                    ports.append(ForwardPort(port: port))
                } else {
                    error(item.mark, path, "\"\(path)\" must be a port number between 1 and 65535, not \(number)")
                }
            } else if let text = item.string {
                if let port = ForwardPort(parsing: text) {
                    ports.append(port)
                } else {
                    error(item.mark, path, "\"\(path)\" must be a port number or \"host:port\", not \"\(text)\"")
                }
            } else {
                typeError(item, path, "a port number or a \"host:port\" string")
            }
        }
        return ports
    }

    mutating func readAppPorts(_ value: JSONValue) -> [AppPort] {
        func one(_ item: JSONValue, _ path: String) -> AppPort? {
            if let number = item.number {
                guard let port = number.intValue, (1...65535).contains(port) else {
                    error(item.mark, path, "\"\(path)\" must be a port number between 1 and 65535, not \(number)")
                    return nil
                }
                return AppPort(hostPort: port, containerPort: port)
            }
            if let text = item.string {
                guard let port = AppPort(parsing: text) else {
                    error(
                        item.mark, path,
                        "\"\(path)\" must be PORT, HOST:CONTAINER or IP:HOST:CONTAINER (optionally /udp), not \"\(text)\""
                    )
                    return nil
                }
                return port
            }
            typeError(item, path, "a port number or a string")
            return nil
        }
        guard let items = value.array else { return one(value, "appPort").map { [$0] } ?? [] }
        return items.enumerated().compactMap { one($0.element, JSONPath.element($0.offset, of: "appPort")) }
    }

    mutating func readRunArgs(_ arguments: [String], _ value: JSONValue) -> RunOptions {
        let items = value.array ?? []
        let parsed = arguments.enumerated().map {
            RunArgsParser.Argument(
                text: $0.element, mark: $0.offset < items.count ? items[$0.offset].mark : nil, index: $0.offset)
        }
        let (options, refusals) = RunArgsParser.parse(parsed)
        for refusal in refusals {
            let mark = refusal.index < items.count ? items[refusal.index].mark : value.mark
            error(mark, JSONPath.element(refusal.index, of: "runArgs"), refusal.message)
        }
        return options
    }

    mutating func readHostRequirements(_ value: JSONValue) -> HostRequirements? {
        guard let members = value.object else {
            typeError(value, "hostRequirements", "an object")
            return nil
        }
        var requirements = HostRequirements()
        for member in members {
            let path = "hostRequirements.\(member.key)"
            switch member.key {
            case "cpus":
                if let count = member.value.number?.intValue, (1...1_000_000).contains(count) {
                    requirements.cpus = count
                } else if let number = member.value.number {
                    error(
                        member.value.mark, path, "\"\(path)\" must be a whole number from 1 to 1000000, not \(number)")
                } else {
                    typeError(member.value, path, "a whole number")
                }
            case "memory": requirements.memoryBytes = readBytes(member.value, path)
            case "storage": requirements.storageBytes = readBytes(member.value, path)
            case "gpu": requirements.gpu = readGPU(member.value, path)
            default:
                warning(
                    member.keyMark, path,
                    "unknown property '\(path)' is ignored\(Suggestion.hint(for: member.key, in: ["cpus", "memory", "storage", "gpu"]))"
                )
            }
        }
        return requirements
    }

    mutating func readBytes(_ value: JSONValue, _ path: String) -> Int64? {
        guard let text = value.string else {
            typeError(value, path, "a string such as \"4gb\"")
            return nil
        }
        guard let parsed = HostRequirements.parseBytes(text), parsed > 0 else {
            error(value.mark, path, "\"\(path)\" must be a size such as \"512mb\", \"4gb\" or \"1tb\", not \"\(text)\"")
            return nil
        }
        return parsed
    }

    mutating func readGPU(_ value: JSONValue, _ path: String) -> GPURequirement? {
        switch value.kind {
        case .bool(let required): return required ? .required : .notRequired
        case .string("optional"): return .optional
        case .object(let members):
            var cores: Int?
            var memory: Int64?
            for member in members {
                let memberPath = "\(path).\(member.key)"
                switch member.key {
                case "cores":
                    if let count = member.value.number?.intValue, (1...1_000_000).contains(count) {
                        cores = count
                    } else {
                        error(member.value.mark, memberPath, "\"\(memberPath)\" must be a whole number of at least 1")
                    }
                case "memory": memory = readBytes(member.value, memberPath)
                default: warning(member.keyMark, memberPath, "unknown property '\(memberPath)' is ignored")
                }
            }
            return .detailed(cores: cores, memoryBytes: memory)
        default:
            typeError(value, path, "true, false, \"optional\" or an object")
            return nil
        }
    }
}
