import ArgumentParser
import DockerEngine
import Foundation

/// `gitspaces ssh-config [NAME…] [--write [--file F]]`: an OpenSSH `Host NAME.gitspaces` block per Gitspace whose
/// ProxyCommand is `gitspaces ssh --stdio NAME` with this command's own flags.
struct SSHConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ssh-config",
        abstract: "Print (or --write into ~/.ssh/config) an ssh Host entry per running Gitspace: ssh NAME.gitspaces.",
        discussion: """
            Each entry connects through `gitspaces ssh --stdio NAME` (this binary's absolute path, with the \
            same --instance, --state-dir and --docker-host), as the Gitspace's user, with the keys of its \
            manifest's ssh.authorizedKeys. VS Code Remote-SSH and JetBrains Gateway read these entries.

            Host keys are not checked (StrictHostKeyChecking no, UserKnownHostsFile /dev/null): the connection \
            runs through the local Docker Engine's socket, not a network, so there is no one in between to \
            detect, and a replaced container gets new host keys, which a known_hosts file would turn into \
            warnings for nothing.

            --write replaces the block between `# BEGIN gitspaces (instance I)` and `# END gitspaces (instance I)` \
            in the file (appended when missing; the file is created with mode 0600), leaving the rest of the file \
            byte for byte. Run it again after `gitspaces apply` creates or deletes Gitspaces.

            Exit codes: 0 ok, 2 an unknown Gitspace or usage, 3 engine unreachable or the file cannot be written.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Gitspaces to list (default: every running Gitspace of the instance).")
    var names: [String] = []

    @Flag(help: "Write the entries into the ssh config file instead of printing them.")
    var write = false

    @Option(help: "The ssh config file --write updates (default: ~/.ssh/config).")
    var file: String?

    func validate() throws {
        if file != nil && !write { throw ValidationError("--file goes with --write.") }
    }

    func run() async throws {
        let onSwarm = global.backend == .swarm ? try await Self.swarmTargets(names: names, global: global) : nil
        let targets: [GitspaceTarget] = try await EngineSession.with(global) { docker in
            if let onSwarm { return onSwarm.map(\.0) }
            guard !names.isEmpty else {
                return try await GitspaceTarget.running(instance: global.instance, docker: docker)
            }
            var found: [GitspaceTarget] = []
            for name in names {
                do {
                    let target = try await GitspaceTarget.find(name, instance: global.instance, docker: docker)
                    if !target.running {
                        printWarning(
                            "Gitspace '\(name)' is not running: ssh to it fails until `gitspaces apply` starts it")
                    }
                    found.append(target)
                } catch let error as GitspaceLookupError {
                    printError(error.description)
                    throw ExitStatus.invalid.exitCode
                }
            }
            return found
        }
        if targets.isEmpty {
            printWarning("no running Gitspace in instance '\(global.instance)': the block lists none")
        }
        let entries = try await targets.asyncMap { target in
            let host = onSwarm?.first { $0.0.name == target.name }?.1 ?? global.dockerHost
            return SSHConfigBlock.Entry(name: target.name, user: try await Self.userName(of: target, host: host))
        }
        let block = SSHConfigBlock(
            instance: global.instance, executable: Self.executablePath, flags: proxyCommandFlags(), entries: entries)
        guard write else {
            writeOut(block.rendered, to: .standardOutput)
            return
        }
        let path = file ?? NSHomeDirectory() + "/.ssh/config"
        do {
            try block.write(into: path)
        } catch {
            printError("cannot update \(path): \(error)")
            throw ExitStatus.failure.exitCode
        }
        writeOut("wrote \(entries.count) Gitspace\(entries.count == 1 ? "" : "s") to \(path)\n", to: .standardError)
    }

    /// The login name: a numeric uid is looked up in the container's /etc/passwd (ssh wants a name).
    private static func userName(of target: GitspaceTarget, host: String?) async throws -> String {
        let login = target.loginUser
        guard login.allSatisfy(\.isNumber), target.running else { return login }
        let resolved = try? await DockerClient.withClient(host: host) { docker in
            try await docker.exec(
                target.container.id,
                command: ["awk", "-F:", "-v", "uid=\(login)", "$3 == uid { print $1; exit }", "/etc/passwd"])
        }
        let name = resolved?.stdout.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return name.isEmpty ? login : name
    }

    /// The global flags this command was given (`DOCKER_HOST` too: an IDE may not have it in its environment).
    private func proxyCommandFlags() -> [String] {
        var words = ["--instance", global.instance]
        if global.backend == .swarm { words += ["--backend", "swarm"] }
        if global.stateDir != nil { words += ["--state-dir", global.resolvedStateDir] }
        let environmentHost = ProcessInfo.processInfo.environment["DOCKER_HOST"].flatMap { $0.isEmpty ? nil : $0 }
        if let host = global.dockerHost ?? environmentHost { words += ["--docker-host", host] }
        return words
    }

    /// This binary, absolute (an IDE runs the ProxyCommand with its own PATH and working directory).
    static var executablePath: String {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return resolved
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }
}

extension Array {
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
