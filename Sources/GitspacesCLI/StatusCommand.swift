import ArgumentParser
import DockerEngine
import Foundation
import GitspacesDaemon
import Reconciler
import Redaction

/// `gitspaces status`: per Gitspace phase, commits, last error and workspace, from the daemon or the engine.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract:
            "Show each Gitspace's phase, commits, last error and workspace: from the daemon, else from the engine.",
        discussion: """
            Asks the daemon at --listen (GET /status). When none answers, reads the engine directly:
            the phase from the container's state, the commit from its labels, the workspace from the
            state directory (the manifests are not read, so Gitspaces not created yet do not show).

            Exit codes: 0 shown, 2 no such Gitspace, 3 neither the daemon nor the engine answered.
            """
    )

    @Argument(help: "Show only this Gitspace.")
    var name: String?

    @Option(help: "Output format: text (a table) or json.")
    var format: OutputFormat = .text

    @Option(help: "The daemon's address, host:port.")
    var listen: String = "127.0.0.1:7420"

    @OptionGroup var global: GlobalOptions

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    func run() async throws {
        var report: StatusReport
        var source = "daemon at \(listen)"
        if let fromDaemon = try? await StatusClient(address: listen).report() {
            report = fromDaemon
        } else {
            source = "engine (no daemon answered at \(listen))"
            let stateDirectory = global.resolvedStateDir
            try StateFormatCheck.refuseNewer(stateDirectory: stateDirectory)
            let instance = global.instance
            let (entries, nodes) = try await EngineSession.withRuntime(global) { docker, runtime in
                let nodes = await StatusReport.nodeReport(runtime: runtime, instance: instance)
                let entries = try await StatusReport.fromEngine(
                    runtime: runtime, stateDirectory: stateDirectory, instance: instance)
                return (entries.markingNodes(nodes), nodes)
            }
            var daemon = StatusReport.DaemonState(repo: "", branch: nil, path: nil, instance: instance, selfHeal: false)
            daemon.ready = false
            // Without the manifests, anything of the state directory with no container may be an unfinished delete.
            let orphans = WorkspaceStore(stateDirectory: stateDirectory, instance: instance)
                .orphans(keeping: Set(entries.map(\.name)))
            daemon.interruptedDeletes = orphans.isEmpty ? nil : orphans
            daemon.excludedNodes = nodes.flatMap { $0.excluded.isEmpty ? nil : $0.excluded }
            report = StatusReport(daemon: daemon, gitspaces: entries)
        }
        if let name {
            report.gitspaces = report.gitspaces.filter { $0.name == name }
            if report.gitspaces.isEmpty {
                printError("no Gitspace named \(name) (source: \(source))")
                throw ExitStatus.invalid.exitCode
            }
        }
        switch format {
        case .json:
            print(String(decoding: report.json(), as: UTF8.self))
        case .text:
            print(Redact.text(Self.table(report, source: source)), terminator: "")
        }
    }

    static func table(_ report: StatusReport, source: String) -> String {
        var out = "Source: \(source)\n"
        let daemon = report.daemon
        if !daemon.repo.isEmpty {
            out += "Config: \(daemon.repo)\(daemon.branch.map { " (\($0))" } ?? "")"
            out += "  applied \(short(daemon.lastAppliedRevision))  attempted \(short(daemon.lastAttemptedRevision))\n"
            if let error = daemon.fetchError { out += "Fetch error: \(error)\n" }
            if let refusal = daemon.refusal { out += "Refused: \(refusal)\n" }
            if let unverified = daemon.unverified { out += "Unverified: \(unverified)\n" }
            if let error = daemon.reconcileError { out += "Pass error: \(error)\n" }
            if !daemon.configErrors.isEmpty {
                out += "Config errors at \(short(daemon.lastAttemptedRevision)) (not applied):\n"
                out += daemon.configErrors.map { "  \($0)\n" }.joined()
            }
        }
        out += "\n"
        let header = [
            "NAME", "PHASE", "READY", "COMMIT", "SOURCE", "WORKSPACE", "VOLUMES", "PORTS", "SINCE", "MESSAGE",
        ]
        let formatter = ISO8601DateFormatter()
        let rows = report.gitspaces.map { entry -> [String] in
            let ready = entry.ready.status ? "True" : "False(\(entry.ready.reason))"
            let ports = entry.ports.map { port in
                port.hostPort.map { "\($0)->\(port.container)" } ?? port.container
            }.joined(separator: ",")
            let message = entry.lastError ?? entry.drift ?? entry.ready.message ?? entry.dotfiles?.problem ?? ""
            return [
                entry.name, entry.phase.rawValue, ready, short(entry.appliedCommit), short(entry.sourceCommit),
                entry.workspace?.state ?? "-", entry.volumes.map { String($0.count) } ?? "-",
                ports.isEmpty ? "-" : ports, formatter.string(from: entry.since), message,
            ]
        }
        let all = [header] + rows
        let widths = (0..<header.count - 1).map { column in all.map { $0[column].count }.max() ?? 0 }
        for row in all {
            var line = ""
            for (column, cell) in row.enumerated() {
                line +=
                    column < widths.count
                    ? cell.padding(toLength: widths[column] + 2, withPad: " ", startingAt: 0) : cell
            }
            out += line.trimmingCharacters(in: .whitespaces) + "\n"
        }
        if report.gitspaces.isEmpty { out += "(no Gitspaces)\n" }
        out += nodeLines(report)
        if let orphans = daemon.interruptedDeletes {
            out +=
                "\nInterrupted deletes (their workspaces are kept by the next apply): "
                + orphans.joined(separator: ", ") + "\n"
        }
        return out
    }

    static func short(_ commit: String?) -> String { commit.map { String($0.prefix(12)) } ?? "-" }
}
