import ArgumentParser
import DockerEngine

/// `gitspaces exec NAME -- CMD…`: a command in a Gitspace, as its user, in its workspace folder.
struct ExecCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run a command in a Gitspace as its user, in its workspace folder; its exit code is passed through.",
        discussion: """
            stdin is forwarded (its end reaches the command as end-of-file, so pipes work). A TTY is used \
            when stdin and stdout are terminals; -t forces one, -T refuses one.

            Exit codes: the command's own; 125 when gitspaces could not run it (no such Gitspace, not \
            running, engine unreachable); 126 (127 on some engines) when the engine cannot start the command.

            Examples:
              gitspaces exec alice-payments -- git status
              echo hi | gitspaces exec alice-payments -- cat
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The Gitspace (metadata.name).")
    var name: String

    @Argument(parsing: .postTerminator, help: "The command and its arguments, after --.")
    var command: [String] = []

    @Flag(name: .customShort("t"), help: "Force a TTY.")
    var forceTTY = false

    @Flag(name: .customShort("T"), help: "Never use a TTY.")
    var disableTTY = false

    @Option(name: [.short, .long], help: "Run as this user instead of the Gitspace's (name, uid or uid:gid).")
    var user: String?

    func validate() throws {
        if command.isEmpty { throw ValidationError("Give the command after --, as in: gitspaces exec NAME -- ls") }
        if forceTTY && disableTTY { throw ValidationError("-t and -T contradict each other.") }
    }

    func run() async throws {
        let status = try await InteractiveExec.withRunningGitspace(name, global) { target, docker in
            let configuration = ExecConfiguration(
                command: command, user: user ?? target.remoteUser, workingDir: target.workspaceFolder,
                tty: InteractiveExec.wantsTTY(force: forceTTY, disable: disableTTY))
            return try await InteractiveExec.run(configuration, in: target.container.id, docker: docker)
        }
        if status != 0 { throw ExitCode(status) }
    }
}
