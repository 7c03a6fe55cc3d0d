import ArgumentParser
import Foundation
import GitspacesDaemon

/// `gitspaces events NAME`: what happened to a Gitspace, oldest first.
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Show a Gitspace's event history: created, updated, failed, drifted…",
        discussion: """
            Asks the daemon at --listen; when none answers, reads the events file the daemon keeps
            (<state>/instances/<instance>/events/<name>.jsonl), which survives restarts.
            """
    )

    @Argument(help: "The Gitspace.")
    var name: String

    @Option(help: "Show at most this many of the latest events.")
    var last: Int = 50

    @Option(help: "Output format: text or json.")
    var format: StatusCommand.OutputFormat = .text

    @Option(help: "The daemon's address, host:port.")
    var listen: String = "127.0.0.1:7420"

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        var events: [GitspaceEvent]
        if let fromDaemon = try? await StatusClient(address: listen).events(name: name, last: last) {
            events = fromDaemon
        } else {
            let log = EventLog(stateDirectory: global.resolvedStateDir, instance: global.instance)
            events = EventLog.read(log.file(name), last: last)
        }
        events = Array(events.suffix(last))
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            print(String(decoding: (try? encoder.encode(events)) ?? Data("[]".utf8), as: UTF8.self))
        case .text:
            if events.isEmpty {
                print("No events for \(name).")
                return
            }
            let formatter = ISO8601DateFormatter()
            for event in events {
                let commit = event.commit.map { " @\($0.prefix(12))" } ?? ""
                print(
                    "\(formatter.string(from: event.time))  \(event.kind.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0))  "
                        + "\(event.reason.padding(toLength: 9, withPad: " ", startingAt: 0))  \(event.message)\(commit)"
                )
            }
        }
    }
}
