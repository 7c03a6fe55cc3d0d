import Foundation
import GitspacesTestSupport

/// The built `gitspaces` binary, next to the test bundle in the products folder.
enum Binary {
    static let path: String = {
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var candidate = products.appendingPathComponent("gitspaces").path
        if !FileManager.default.isExecutableFile(atPath: candidate) {
            // Test runners may live one level deeper than the products.
            candidate = products.deletingLastPathComponent().appendingPathComponent("gitspaces").path
        }
        return candidate
    }()

    /// The repository's root, for its manifests/, examples/ and schema/.
    static let repositoryRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// Runs `gitspaces ARGS` and returns its exit status and output.
    @discardableResult
    static func run(_ args: [String], cwd: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        try GitspacesTestSupport.run(path, args, cwd: cwd, env: ["NO_COLOR": "1"], check: false)
    }

    /// Runs `gitspaces ARGS` and returns its exit status and output, waiting off the cooperative pool.
    @discardableResult
    static func run(_ args: [String], cwd: String? = nil) async throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        try await GitspacesTestSupport.run(path, args, cwd: cwd, env: ["NO_COLOR": "1"], check: false)
    }
}
