import Foundation
import GitspacesTestSupport
import Testing

/// What a command does before its own work: nothing a run does not need (libgit2's certificates, say), and work
/// started early (the engine asked while the manifests are read) never changes what the command reports.
@Suite struct StartupWorkTests {
    @Test func versionAndALocalValidateLoadNoCertificatesFromSSLCertFile() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        // Not a PEM bundle: loading it prints a warning, so any load shows on standard error.
        let bundle = folder.appending("not-a-bundle.pem")
        try "not a certificate\n".write(toFile: bundle, atomically: true, encoding: .utf8)
        let env = ["NO_COLOR": "1", "SSL_CERT_FILE": bundle]
        let version = try await run(Binary.path, ["--version"], env: env, check: false)
        #expect(version.status == 0, "\(version.stderr)")
        #expect(version.stderr.isEmpty, "\(version.stderr)")
        let validate = try await run(
            Binary.path, ["validate", Binary.repositoryRoot + "/manifests"], env: env, check: false)
        #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")
        #expect(!validate.stderr.contains("SSL_CERT_FILE"), "\(validate.stderr)")
    }

    @Test func invalidManifestsWinOverAnUnreachableEngineThatWasAskedMeanwhile() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let config = folder.appending("config")
        try FileManager.default.createDirectory(atPath: config, withIntermediateDirectories: true)
        try "kind: [".write(toFile: config + "/broken.yaml", atomically: true, encoding: .utf8)
        let result = try await Binary.run(
            [
                "apply", config, "--docker-host", "unix:///nonexistent/docker.sock", "--instance", "startup-invalid",
                "--state-dir", folder.appending("state"),
            ])
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("nothing was changed"), "\(result.stderr)")
        #expect(!result.stderr.contains("/nonexistent/docker.sock"), "\(result.stderr)")
    }
}
