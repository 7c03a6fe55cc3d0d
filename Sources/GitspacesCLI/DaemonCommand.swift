import ArgumentParser
import DevContainer
import Foundation
import GitspacesDaemon
import Logging
import Reconciler

/// `gitspaces daemon`: the reconcile loop, with the webhook, status and metrics on --listen.
struct DaemonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon",
        abstract:
            "Reconcile continuously: fetch the config repository, plan, apply; serve webhook, status and metrics.",
        discussion: """
            Every --interval (±10% jitter), and at once on a valid webhook call, the daemon fetches
            --repo, loads the manifests at the fetched commit and applies the plan. A commit that
            does not validate is not applied: the last good one stays in force, and GET /status
            shows both revisions and the errors. With --verify-commits, so is a head commit that is
            not signed by a trusted key (status: unverified, and why). A failing Gitspace is retried with backoff (1 s
            doubling to 5 min) without holding up the others.

            Endpoints on --listen: POST /hooks/git (X-Hub-Signature-256 or X-Signature:
            sha256=<HMAC of the body>), GET /status[/NAME], GET /events/NAME, GET /metrics,
            GET /healthz, GET /readyz.

            --config FILE reads the same options as `key: value` lines (the flag names without
            dashes, # comments); flags on the command line win.

            Exit codes: 0 stopped by SIGTERM/SIGINT, 2 invalid usage or config file, 3 failure
            (the listen address is taken, for one), 4 another daemon holds the state directory's lock.
            """
    )

    @Option(help: "A daemon config file of `key: value` lines (the same keys as the flags).")
    var config: String?

    @Option(help: "The config repository: a URL (git://, https://, ssh://, file://) or a local path.")
    var repo: String?

    @Option(help: "The branch to follow (default: the repository's HEAD).")
    var branch: String?

    @Option(help: "Read only this folder of the repository.")
    var path: String?

    @Option(help: "Time between passes: 30s, 5m, 1h, 500ms (default 30s).")
    var interval: String?

    @Option(help: "Where the HTTP endpoints listen, host:port (default 127.0.0.1:7420).")
    var listen: String?

    @Option(help: "A file holding the webhook's HMAC secret; without one, POST /hooks/git is refused.")
    var webhookSecretFile: String?

    @Option(help: "A folder of host-side secrets named by spec.credentials.")
    var credentialsDir: String?

    @Option(
        name: .customLong("insecure-registry"),
        help: "A feature registry (host or host:port) reached over plain HTTP, besides loopback ones (repeatable).")
    var insecureRegistries: [String] = []

    /// `--docker-host`, `--state-dir` and `--instance`, as every command has them; the config file fills what is
    /// not given.
    @OptionGroup var global: GlobalOptions

    /// `--verify-commits`, `--verify-commits-gpg`; the config file's `verify-commits`, `verify-commits-gpg` fill
    /// what is not given.
    @OptionGroup var verify: VerifyCommitsOptions

    @Option(
        name: .customLong("self-heal"),
        help: "Correct drift (containers stopped, removed or resized by hand); false only reports it.")
    var selfHeal: Bool?

    @Option(help: "Log format: text or json.")
    var logFormat: LogFormat?

    @Option(help: "Log level: trace, debug, info, notice, warning, error.")
    var logLevel: String?

    @Option(help: "How many actions run at once (default 4).")
    var parallel: Int?

    @Option(help: "How long SIGTERM waits for in-flight actions before cancelling them (default 30s).")
    var shutdownTimeout: String?

    @Option(help: "How long a pass waits for the state lock an apply holds, then skips to the next pass (default 60s).")
    var lockTimeout: String?

    @Option(
        name: .customLong("allow-mass-delete"),
        help: "Apply plans that delete everything or more than the policy's maxDeletions.")
    var allowMassDelete: Bool?

    @Option(
        help:
            "auto (default): enforce hardware.disk with a loop-mounted filesystem per workspace where the host allows it; off: never."
    )
    var diskEnforcement: WorkspaceOptions.DiskMode?

    @Option(help: "The host address forwardPorts and appPort are published on (default 127.0.0.1).")
    var bindAddress: String?

    @Option(
        help:
            "A host environment variable devcontainer.json may read as ${localEnv:NAME} (repeatable; in the config file, comma-separated)."
    )
    var allowEnv: [String] = []

    enum LogFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    func run() async throws {
        let file: [String: String]
        do {
            file = try config.map(Self.readConfigFile) ?? [:]
        } catch {
            printError("\(error)")
            throw ExitStatus.invalid.exitCode
        }
        let settings: Settings
        do {
            settings = try Settings(command: self, file: file)
        } catch {
            printError("\(error)")
            throw ExitStatus.invalid.exitCode
        }
        let format = settings.logFormat
        let level = settings.logLevel
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler =
                format == .json ? JSONLogHandler(label: label) : StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return RedactingLogHandler(handler)
        }
        let logger = Logger(label: "gitspaces.daemon")
        do {
            try await Daemon.run(settings.configuration, logger: logger)
        } catch let error as DaemonLock.Held {
            logger.error("\(error.description)")
            throw ExitCode(4)
        } catch let error as StateFormatError {
            logger.error("\(error.message)")
            throw error.code == .newer ? ExitStatus.newerState.exitCode : ExitStatus.failure.exitCode
        } catch let error as StateDirectoryMount.Mismatch {
            logger.error("\(error.message)")
            throw ExitStatus.invalid.exitCode
        } catch {
            logger.error("the daemon stopped: \(error)")
            throw ExitStatus.failure.exitCode
        }
    }

    /// Flags over the config file over defaults.
    struct Settings {
        var configuration: DaemonConfiguration
        var logFormat: LogFormat
        var logLevel: Logger.Level

        init(command: DaemonCommand, file: [String: String]) throws {
            func value(_ flag: String?, _ key: String) -> String? { flag ?? file[key] }
            guard let repo = value(command.repo, "repo") else {
                throw ValidationError("--repo (or `repo:` in the config file) is required.")
            }
            configuration = DaemonConfiguration(
                repo: repo, stateDirectory: GlobalOptions.stateDirectory(value(command.global.stateDir, "state-dir")))
            configuration.branch = value(command.branch, "branch")
            configuration.path = value(command.path, "path")
            if let interval = value(command.interval, "interval") {
                configuration.interval = try DaemonCommand.duration(interval, flag: "interval")
            }
            if let timeout = value(command.lockTimeout, "lock-timeout") {
                var options = StateLockOptions()
                options.lockTimeout = timeout
                configuration.lockTimeout = try options.timeout
            }
            if let timeout = value(command.shutdownTimeout, "shutdown-timeout") {
                configuration.shutdownTimeout = try DaemonCommand.duration(timeout, flag: "shutdown-timeout")
            }
            if let listen = value(command.listen, "listen") {
                guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
                    (0...65535).contains(port)
                else { throw ValidationError("--listen takes host:port, such as 127.0.0.1:7420; got '\(listen)'.") }
                var host = String(listen[..<colon])
                if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
                configuration.listenHost = host.isEmpty ? "127.0.0.1" : host
                configuration.listenPort = port
            }
            if let secretFile = value(command.webhookSecretFile, "webhook-secret-file") {
                guard let data = FileManager.default.contents(atPath: secretFile) else {
                    throw ValidationError("the webhook secret file \(secretFile) cannot be read.")
                }
                var secret = Array(data)
                while let last = secret.last, last == 10 || last == 13 || last == 32 { secret.removeLast() }
                guard !secret.isEmpty else { throw ValidationError("the webhook secret file \(secretFile) is empty.") }
                configuration.webhookSecret = secret
            }
            configuration.credentialsDirectory = value(command.credentialsDir, "credentials-dir")
            do {
                configuration.commitTrust = try CommitTrust.checked(
                    allowedSigners: value(command.verify.allowedSigners, "verify-commits"),
                    gpgKeyring: value(command.verify.gpgKeyring, "verify-commits-gpg"),
                    allowedSignersFlag: command.verify.allowedSigners == nil ? "verify-commits:" : "--verify-commits",
                    gpgKeyringFlag: command.verify.gpgKeyring == nil ? "verify-commits-gpg:" : "--verify-commits-gpg")
            } catch {
                throw ValidationError(error.message)
            }
            configuration.insecureRegistries =
                command.insecureRegistries.isEmpty
                ? (file["insecure-registry"] ?? "").split(separator: ",").map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                .filter { !$0.isEmpty }
                : command.insecureRegistries
            configuration.instance = value(command.global.instanceOption, "instance") ?? "default"
            configuration.dockerHost = value(command.global.dockerHost, "docker-host")
            let backend = value(command.global.backendOption?.rawValue, "backend") ?? "docker"
            guard let chosen = Backend(rawValue: backend) else {
                throw ValidationError("backend: '\(backend)' is not docker or swarm.")
            }
            configuration.swarm = chosen == .swarm
            do {
                configuration.registry = try SwarmRuntime.validRegistry(value(command.global.registry, "registry"))
            } catch {
                throw ValidationError("registry: \(error)")
            }
            configuration.selfHeal = try command.selfHeal ?? DaemonCommand.bool(file["self-heal"], "self-heal") ?? true
            configuration.allowMassDelete =
                try command.allowMassDelete ?? DaemonCommand.bool(file["allow-mass-delete"], "allow-mass-delete")
                ?? false
            let diskText = command.diskEnforcement?.rawValue ?? file["disk-enforcement"] ?? "auto"
            guard let disk = WorkspaceOptions.DiskMode(rawValue: diskText) else {
                throw ValidationError("disk-enforcement: '\(diskText)' is not auto or off.")
            }
            var workspace = WorkspaceOptions()
            workspace.diskEnforcement = disk
            configuration.disk = workspace.enforcement
            configuration.bindAddress = value(command.bindAddress, "bind-address") ?? "127.0.0.1"
            let allowed =
                command.allowEnv.isEmpty
                ? (file["allow-env"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                : command.allowEnv
            configuration.localEnv = DevContainerContext.allowListed(
                allowed.filter { !$0.isEmpty }, from: ProcessInfo.processInfo.environment)
            if let parallel = try command.parallel
                ?? file["parallel"].map({ text in
                    guard let number = Int(text) else { throw ValidationError("parallel: '\(text)' is not a number.") }
                    return number
                })
            {
                guard parallel >= 1 else { throw ValidationError("--parallel must be at least 1.") }
                configuration.parallelism = parallel
            }
            guard let format = command.logFormat ?? LogFormat(rawValue: file["log-format"] ?? "text") else {
                throw ValidationError("log-format: '\(file["log-format"] ?? "")' is not text or json.")
            }
            logFormat = format
            guard let level = Logger.Level(rawValue: value(command.logLevel, "log-level") ?? "info") else {
                throw ValidationError("log-level: use trace, debug, info, notice, warning or error.")
            }
            logLevel = level
        }
    }

    static let configKeys: Set<String> = [
        "repo", "branch", "path", "interval", "listen", "webhook-secret-file", "credentials-dir", "insecure-registry",
        "state-dir",
        "instance", "docker-host", "self-heal", "log-format", "log-level", "parallel", "shutdown-timeout",
        "allow-mass-delete", "disk-enforcement", "bind-address", "allow-env", "lock-timeout",
        "verify-commits", "verify-commits-gpg", "backend", "registry",
    ]

    /// `key: value` lines; `#` starts a comment; values may be quoted. Unknown keys are errors.
    static func readConfigFile(_ path: String) throws -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("the config file \(path) cannot be read.")
        }
        var values: [String: String] = [:]
        for (index, raw) in String(decoding: data, as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false
        )
        .enumerated() {
            var line = Substring(raw)
            if let hash = line.firstIndex(of: "#"), !line[..<hash].contains("\"") { line = line[..<hash] }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let colon = trimmed.firstIndex(of: ":") else {
                throw ValidationError("\(path):\(index + 1):1: error: expected `key: value`")
            }
            let key = trimmed[..<colon].trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "-")
            var value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.first == "\"" || value.first == "'", value.last == value.first {
                value = String(value.dropFirst().dropLast())
            }
            guard configKeys.contains(key) else {
                throw ValidationError(
                    "\(path):\(index + 1):1: error: unknown key '\(key)' (known: \(configKeys.sorted().joined(separator: ", ")))"
                )
            }
            values[key] = value
        }
        return values
    }

    /// `30s`, `5m`, `1h`, `500ms`, or plain seconds.
    static func duration(_ text: String, flag: String) throws -> Duration {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            let number = text.dropLast(suffix.count)
            if let value = Double(number), value > 0 {
                return .milliseconds(Int64(value * scale * 1000))
            }
        }
        if let value = Double(text), value > 0 { return .milliseconds(Int64(value * 1000)) }
        throw ValidationError("--\(flag): '\(text)' is not a duration such as 30s, 5m, 1h or 500ms.")
    }

    static func bool(_ text: String?, _ key: String) throws -> Bool? {
        guard let text else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0": return false
        default: throw ValidationError("\(key): '\(text)' is not true or false.")
        }
    }
}
