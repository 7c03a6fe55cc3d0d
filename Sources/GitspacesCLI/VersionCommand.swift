import ArgumentParser
import Shared

/// `gitspaces version`: this build's version and commit, the libgit2 and libyaml it runs with, and the
/// Docker Engine API it speaks. It does not contact the engine.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Show the gitspaces version and commit, the libgit2 and libyaml versions, and the engine API.",
        discussion: """
            The library versions are those of the libraries loaded at run time. The engine API is the newest \
            Docker Engine API version gitspaces asks for; older engines down to the minimum are spoken to \
            in their own version. No engine is contacted.
            """
    )

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    func run() throws {
        let report = VersionReport.current
        switch format {
        case .text: print(report.text)
        case .json: print(report.json.rendered())
        }
    }
}
