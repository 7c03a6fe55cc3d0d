package import ArgumentParser
import Foundation

/// The `gitspaces` command line.
package struct GitspacesCommand: AsyncParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "gitspaces",
        abstract: "Declarative development environments, run the GitOps way.",
        discussion: """
            Manifests in a config repository declare the wanted Gitspaces; gitspaces validates \
            them, shows the plan of what would change, and applies it to a Docker Engine.

            Exit codes: 0 ok (no changes), 1 changes (diff), 2 invalid manifests or usage, \
            3 a git or engine failure. exec and ssh pass the command's exit code through, and exit 125 \
            when they cannot run it.
            """,
        version: VersionReport.current.text,
        subcommands: [
            ValidateCommand.self, DiffCommand.self, ApplyCommand.self, DaemonCommand.self, StatusCommand.self,
            EventsCommand.self, DevcontainerCommand.self, ExecCommand.self, SSHCommand.self, SSHConfigCommand.self,
            LogsCommand.self, VersionCommand.self,
        ]
    )

    package init() {}

    /// Runs the command line and exits with the contract's codes: usage errors exit 2, not
    /// argument-parser's 64, so that scripts only need to know 0, 1, 2 and 3.
    package static func main(arguments: [String]? = nil) async -> Never {
        // A reader that goes away (`gitspaces apply | head -1`) must not kill an apply between two engine calls:
        // writes to it fail instead, and `writeOut` drops them.
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            Foundation.exit(0)
        } catch let code as ExitCode {
            // Our own outcomes (1 changes, 2 invalid, 3 failure) were already reported.
            Foundation.exit(code.rawValue)
        } catch {
            let message = fullMessage(for: error)
            if exitCode(for: error) == .success {
                // --help and --version.
                print(message)
                Foundation.exit(0)
            }
            if !message.isEmpty { writeOut(message + "\n", to: .standardError) }
            Foundation.exit(ExitStatus.invalid.rawValue)
        }
    }
}

/// The exit codes of the contract (diff(1)-like).
enum ExitStatus: Int32 {
    case ok = 0
    /// `diff` found changes.
    case changes = 1
    /// Invalid manifests or usage.
    case invalid = 2
    /// A git or engine failure.
    case failure = 3
    /// The state directory was written by a newer gitspaces (`StateFormat`); nothing was touched.
    case newerState = 5

    var exitCode: ExitCode { ExitCode(rawValue) }
}
