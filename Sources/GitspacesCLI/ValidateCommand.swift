import ArgumentParser
import Foundation
import GitspacesCore
import Reconciler
import Redaction

/// `gitspaces validate`: checks manifests without touching anything.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check manifests: every problem as FILE:LINE:COLUMN; exit 0 when valid, 2 when not.",
        discussion: """
            Examples:
              gitspaces validate manifests/
              gitspaces validate --repo . --ref origin/main --path manifests
              gitspaces validate --repo https://git.example.com/acme/config.git --format json
            """
    )

    @OptionGroup var config: ConfigOptions
    @OptionGroup var global: GlobalOptions
    @OptionGroup var verify: VerifyCommitsOptions

    @Option(help: "Output format: text, json or github (pull-request annotations).")
    var format: DiagnosticFormat = .text

    func validate() throws { try verify.requireRepository(config.repo != nil) }

    func run() async throws {
        let reader = ConfigReader(mirrorsDirectory: global.mirrorsDirectory, verifier: try verify.verifier)
        let source = config.source
        let snapshot = try await EngineSession.readConfig { () throws(ConfigSourceError) in try reader.read(source) }
        let report = ValidationReport(snapshot: snapshot)
        print(report.render(format), terminator: "")
        if !report.diagnostics.isEmpty { throw ExitStatus.invalid.exitCode }
    }
}

/// The outcome of validating one config snapshot.
struct ValidationReport {
    var diagnostics: [Diagnostic] = []
    var state: DesiredState?
    var fileCount: Int
    var commit: String?
    /// Who signed the commit, with `--verify-commits`.
    var signer: String?

    init(snapshot: ConfigSnapshot) {
        fileCount = snapshot.files.count
        commit = snapshot.commit
        if case .verified(let who, let key) = snapshot.verification { signer = "\(who) (\(key))" }
        do {
            state = try ManifestLoader.load(snapshot.files)
        } catch {
            diagnostics = error.diagnostics
        }
    }

    func render(_ format: DiagnosticFormat) -> String {
        switch format {
        case .text:
            if let state {
                let at = (commit.map { " at \($0.prefix(12))" } ?? "") + (signer.map { ", signed by \($0)" } ?? "")
                return "valid: \(count(state.gitspaces.count, "Gitspace")), "
                    + "\(count(state.profiles.count, "HardwareProfile")), "
                    + "\(count(state.policy.location == nil ? 0 : 1, "Policy")) in \(count(fileCount, "file"))\(at)\n"
            }
            let files = Set(diagnostics.map(\.file)).count
            return diagnostics.map { "\($0)\n" }.joined()
                + "\(count(diagnostics.count, "error")) in \(count(files, "file"))\n"
        case .github:
            return diagnostics.map { diagnostic in
                "::error file=\(escapeProperty(diagnostic.file)),line=\(diagnostic.line),col=\(diagnostic.column)::"
                    + escapeData(diagnostic.message) + "\n"
            }.joined()
        case .json:
            struct Output: Encodable {
                struct Error: Encodable {
                    var file: String
                    var line: Int
                    var column: Int
                    var message: String
                }
                var valid: Bool
                var commit: String?
                var files: Int
                var gitspaces: Int?
                var errors: [Error]
            }
            let output = Output(
                valid: state != nil, commit: commit, files: fileCount, gitspaces: state?.gitspaces.count,
                errors: diagnostics.map { .init(file: $0.file, line: $0.line, column: $0.column, message: $0.message) })
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return String(decoding: (try? encoder.encode(output)) ?? Data(), as: UTF8.self) + "\n"
        }
    }

    private func count(_ number: Int, _ noun: String) -> String {
        number == 1 ? "1 \(noun)" : "\(number) \(noun)s"
    }

    private func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    private func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}

/// Writes `error: MESSAGE` to standard error, any URL's credentials masked.
func printError(_ message: String) {
    writeOut("error: \(Redact.text(message))\n", to: .standardError)
}
