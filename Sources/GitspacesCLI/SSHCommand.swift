import ArgumentParser
import DockerEngine
import Foundation

/// `gitspaces ssh NAME [-- CMD]` (a shell or a command in a Gitspace) and `gitspaces ssh --stdio NAME` (the
/// ProxyCommand of `gitspaces ssh-config`: an ssh server for the Gitspace on stdin/stdout).
struct SSHCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ssh",
        abstract: "Open a shell (or run a command) in a Gitspace; with --stdio, speak ssh on stdin/stdout for an IDE.",
        discussion: """
            Without a command: a login shell (bash when the image has it, else sh) as the Gitspace's user in \
            its workspace folder, with a TTY when stdin and stdout are terminals (-T refuses one). With a \
            command, as with ssh, no TTY unless -t.

            --stdio starts `sshd -i` in the container (as uid 0, through the engine: no port is published) and \
            bridges it to stdin/stdout. `gitspaces ssh-config` writes it as the ProxyCommand of `Host NAME.gitspaces`, \
            so that `ssh NAME.gitspaces` and VS Code Remote-SSH connect with the keys of the manifest's \
            ssh.authorizedKeys. The keys are written to /etc/gitspaces/ssh/USER.authorized_keys in the container at \
            every connection (sshd reads only that file: removing a key from the manifest revokes it), and host keys \
            are generated once per container (ssh-keygen -A). The image needs an OpenSSH server \
            (/usr/sbin/sshd: Debian's openssh-server).

            Exit codes: the command's own; 125 when gitspaces could not run it (no such Gitspace, not running, \
            engine unreachable, no sshd in the image).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Bridge stdin/stdout to an ssh server in the Gitspace (for ProxyCommand).")
    var stdio = false

    @Argument(help: "The Gitspace (metadata.name).")
    var name: String

    @Argument(parsing: .postTerminator, help: "A command to run instead of a shell, after --.")
    var command: [String] = []

    @Flag(name: .customShort("t"), help: "Force a TTY.")
    var forceTTY = false

    @Flag(name: .customShort("T"), help: "Never use a TTY.")
    var disableTTY = false

    func validate() throws {
        if stdio && !command.isEmpty { throw ValidationError("--stdio takes no command.") }
        if forceTTY && disableTTY { throw ValidationError("-t and -T contradict each other.") }
    }

    func run() async throws {
        let status = try await InteractiveExec.withRunningGitspace(name, global) { target, docker in
            if stdio {
                return try await bridgeSSHD(target, docker: docker)
            }
            let shell = ["/bin/sh", "-c", "if command -v bash >/dev/null 2>&1; then exec bash -l; else exec sh -l; fi"]
            // As ssh does: a TTY for a shell on a terminal, none for a command unless -t asks.
            let configuration = ExecConfiguration(
                command: command.isEmpty ? shell : command, user: target.remoteUser,
                workingDir: target.workspaceFolder,
                tty: InteractiveExec.wantsTTY(force: forceTTY, disable: disableTTY || !command.isEmpty))
            return try await InteractiveExec.run(configuration, in: target.container.id, docker: docker)
        }
        if status != 0 { throw ExitCode(status) }
    }

    private func bridgeSSHD(_ target: GitspaceTarget, docker: DockerClient) async throws -> Int32 {
        let configuration = ExecConfiguration(
            command: [
                "/bin/sh", "-c", SSHDLauncher.script, "gitspaces-sshd", target.loginUser,
                SSHDLauncher.setEnv(target.container.config.env),
            ] + target.authorizedKeys,
            user: "0", tty: false)
        let status = try await InteractiveExec.run(configuration, in: target.container.id, docker: docker)
        if let problem = SSHDLauncher.problem(exitCode: status, gitspace: target.name, user: target.loginUser) {
            printError(problem)
            return InteractiveExec.cannotRun
        }
        return status
    }
}

/// The shell script `ssh --stdio` runs as root in the container before it becomes `sshd -i`.
enum SSHDLauncher {
    /// `$1` is the login user (a name or a uid), `$2` the `SetEnv` value, the rest are the authorized keys. Everything before the `exec`
    /// writes to stderr only: stdout carries the ssh protocol. Codes 86–89 are the launcher's own failures.
    static let script = #"""
        user="$1"
        environment="$2"
        shift 2
        sshd=""
        for candidate in /usr/sbin/sshd /usr/local/sbin/sshd /sbin/sshd "$(command -v sshd 2>/dev/null)"; do
            if [ -n "$candidate" ] && [ -x "$candidate" ]; then sshd="$candidate"; break; fi
        done
        [ -n "$sshd" ] || exit 86
        case "$user" in
            *[!0-9]*) ;;
            *) user="$(awk -F: -v uid="$user" '$3 == uid { print $1; exit }' /etc/passwd)" ;;
        esac
        [ -n "$user" ] || exit 87
        if ! ls /etc/ssh/ssh_host_*_key >/dev/null 2>&1; then
            command -v ssh-keygen >/dev/null 2>&1 || exit 88
            mkdir -p /etc/ssh && ssh-keygen -A >/dev/null || exit 88
        fi
        mkdir -p /run/sshd && chmod 0755 /run/sshd
        umask 022
        dir=/etc/gitspaces/ssh
        mkdir -p "$dir" && chmod 0755 /etc/gitspaces "$dir" || exit 89
        tmp="$dir/.$user.$$"
        : > "$tmp" || exit 89
        for key in "$@"; do printf '%s\n' "$key" >> "$tmp"; done
        mv -f "$tmp" "$dir/$user.authorized_keys" || exit 89
        config=/etc/ssh/sshd_config
        [ -f "$config" ] || config=/dev/null
        # SetEnv needs OpenSSH 8.7; older servers go without it rather than fail.
        if [ -n "$environment" ] && ! "$sshd" -t -f "$config" -o "SetEnv=$environment" >/dev/null 2>&1; then
            environment=""
        fi
        exec "$sshd" -i -e -f "$config" -o "AuthorizedKeysFile=$dir/%u.authorized_keys" \
            -o PasswordAuthentication=no -o KbdInteractiveAuthentication=no -o LogLevel=ERROR \
            ${environment:+-o} ${environment:+"SetEnv=$environment"}
        """#

    /// The container's environment (image and Gitspace variables: `PATH`, `env` of the manifest, containerEnv) as
    /// the value of sshd's `SetEnv`, so that ssh sessions see what `exec` sees. Variables sshd or the login sets
    /// per session (`HOME`, `HOSTNAME`, `TERM`), and values with a line break, are left out.
    static func setEnv(_ environment: [String]) -> String {
        let perSession: Set<Substring> = ["HOME", "HOSTNAME", "TERM"]
        return environment.compactMap { pair -> String? in
            guard let equals = pair.firstIndex(of: "="), !perSession.contains(pair[..<equals]),
                !pair.contains(where: \.isNewline)
            else { return nil }
            let value = pair[pair.index(after: equals)...]
            let escaped = value.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(pair[..<equals])=\(escaped)\""
        }.joined(separator: " ")
    }

    /// The message for a launcher failure, nil for any other exit code (sshd's own).
    static func problem(exitCode: Int32, gitspace: String, user: String) -> String? {
        switch exitCode {
        case 86:
            "Gitspace '\(gitspace)' has no ssh server (no sshd in its image): add openssh-server to the image "
                + "(Debian: apt-get install -y openssh-server; or the devcontainer feature "
                + "ghcr.io/devcontainers/features/sshd), then `gitspaces apply`. `gitspaces ssh \(gitspace)` works without it."
        case 87:
            "Gitspace '\(gitspace)': its user \(user) is not in the container's /etc/passwd"
        case 88:
            "Gitspace '\(gitspace)' has no ssh host keys and no ssh-keygen to make them: install openssh-server fully "
                + "(it brings ssh-keygen) or add host keys to /etc/ssh"
        case 89:
            "Gitspace '\(gitspace)': cannot write /etc/gitspaces/ssh/\(user).authorized_keys in the container"
        default:
            nil
        }
    }
}
