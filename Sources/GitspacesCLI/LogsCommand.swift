import ArgumentParser
import DockerEngine
import Foundation
import Reconciler

/// `gitspaces logs NAME [-f] [--tail N]`: a Gitspace's lifecycle hook output, then its container's output.
struct LogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Show a Gitspace's lifecycle hook output and its container's output.",
        discussion: """
            The lifecycle hooks' output (postCreateCommand and the like, kept in \
            STATE/instances/INSTANCE/logs/NAME.log) comes first, under a `==> lifecycle hooks <==` header, \
            when there is any; then the container's stdout and stderr (to this command's stdout and stderr). \
            -f follows the container's output until interrupted or the container stops.

            Exit codes: 0 ok, 2 no such Gitspace or usage, 3 engine unreachable.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The Gitspace (metadata.name).")
    var name: String

    @Flag(name: [.short, .long], help: "Keep printing the container's output as it comes.")
    var follow = false

    @Option(help: "Only the last N lines of each (hook output and container output).")
    var tail: Int?

    func validate() throws {
        if let tail, tail < 0 { throw ValidationError("--tail must be 0 or more.") }
    }

    func run() async throws {
        try await EngineSession.with(global) { docker in
            let target: GitspaceTarget
            do {
                target = try await GitspaceTarget.find(name, instance: global.instance, docker: docker)
            } catch let error as GitspaceLookupError {
                printError(error.description)
                throw ExitStatus.invalid.exitCode
            }
            let hookLog = GitspaceLog.path(
                stateDirectory: global.resolvedStateDir, instance: global.instance, name: name)
            if let data = FileManager.default.contents(atPath: hookLog) {
                var text = String(decoding: data, as: UTF8.self)
                if let tail { text = Self.lastLines(tail, of: text) }
                emit("==> lifecycle hooks (\(hookLog)) <==")
                writeOut(text, to: .standardOutput)
                if !text.isEmpty && !text.hasSuffix("\n") { emit("") }
                emit("==> container output <==")
            }
            for try await chunk in try await docker.logs(target.container.id, follow: follow, tail: tail) {
                // A reader gone (`logs -f | head`) ends the following.
                guard writeOut(Data(chunk.bytes), to: chunk.stream == .stderr ? .standardError : .standardOutput)
                else { return }
            }
        }
    }

    static func lastLines(_ count: Int, of text: String) -> String {
        guard count > 0 else { return "" }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        return lines.suffix(count).map { $0 + "\n" }.joined()
    }
}
