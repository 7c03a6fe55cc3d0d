import Foundation
import GitspacesTestSupport
import Testing

let gitspaceYAML = """
    apiVersion: gitspaces/v1
    kind: Gitspace
    metadata:
      name: NAME
    spec:
      repo: https://git.example.com/acme/app.git

    """

@Suite struct ValidateCommandTests {
    @Test func theShippedManifestsAndExamplesValidate() async throws {
        let result = try await Binary.run(["validate", "manifests"], cwd: Binary.repositoryRoot)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.hasPrefix("valid: "))
        let examples = Binary.repositoryRoot + "/examples"
        if FileManager.default.fileExists(atPath: examples) {
            let result = try await Binary.run(["validate", "examples"], cwd: Binary.repositoryRoot)
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        }
    }

    @Test func invalidManifestsExitTwoWithEveryErrorAsFileLineColumn() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        try (gitspaceYAML.replacingOccurrences(of: "NAME", with: "a") + "  stat: running\n")
            .write(toFile: folder.appending("a.yaml"), atomically: true, encoding: .utf8)
        try "kind: [\n".write(
            toFile: folder.appending("sub/b.yml"), atomically: true, encoding: .utf8, createFolders: true)
        try "not: checked\n".write(
            toFile: folder.appending(".hidden/c.yaml"), atomically: true, encoding: .utf8, createFolders: true)
        let result = try await Binary.run(["validate", "."], cwd: folder.path)
        #expect(result.status == 2)
        #expect(
            result.stdout == """
                a.yaml:7:3: error: unknown field 'stat' in spec (did you mean 'state'?)
                sub/b.yml:2:1: error: did not find expected node content (while parsing a flow node started at 2:1)
                2 errors in 2 files

                """)
    }

    @Test func jsonListsErrorsAsObjects() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        try (gitspaceYAML.replacingOccurrences(of: "NAME", with: "Bad")).write(
            toFile: folder.appending("a.yaml"), atomically: true, encoding: .utf8)
        let result = try await Binary.run(["validate", folder.path, "--format", "json"])
        #expect(result.status == 2)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let errors = try #require(object?["errors"] as? [[String: Any]])
        #expect(errors.count == 1)
        #expect(errors[0]["file"] as? String == folder.appending("a.yaml"))
        #expect(errors[0]["line"] as? Int == 4)
        #expect(errors[0]["column"] as? Int == 9)
        #expect((errors[0]["message"] as? String)?.contains("DNS label") == true)
        #expect(object?["valid"] as? Bool == false)
    }

    @Test func githubFormatAnnotatesFiles() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        try (gitspaceYAML.replacingOccurrences(of: "NAME", with: "a") + "  state: paused\n").write(
            toFile: folder.appending("a.yaml"), atomically: true, encoding: .utf8)
        let result = try await Binary.run(["validate", ".", "--format", "github"], cwd: folder.path)
        #expect(result.status == 2)
        #expect(
            result.stdout
                == "::error file=a.yaml,line=7,col=10::spec.state must be 'running' or 'stopped', not 'paused'\n")
    }

    @Test func readsAGitRevisionWithoutAWorkTree() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let repo = try GitFixture(at: folder.appending("config"))
        try repo.write("gitspaces/a.yaml", gitspaceYAML.replacingOccurrences(of: "NAME", with: "a"))
        try repo.write("README.md", "not a manifest\n")
        _ = try repo.commit("good")
        try repo.tag("v1")
        try repo.write("gitspaces/a.yaml", gitspaceYAML.replacingOccurrences(of: "NAME", with: "A"))
        _ = try repo.commit("bad")
        // The work tree is broken on disk too: the command must read the commit, not the files.
        try "garbage: [".write(toFile: repo.path + "/gitspaces/a.yaml", atomically: true, encoding: .utf8)

        let good = try await Binary.run([
            "validate", "--repo", repo.path, "--ref", "v1", "--state-dir", folder.appending("state"),
        ])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(
            good.stdout.hasPrefix("valid: 1 Gitspace, 0 HardwareProfiles, 0 Policys in 1 file at ")
                || good.stdout.hasPrefix("valid: 1 Gitspace"))

        let bad = try await Binary.run(["validate", "--repo", repo.url, "--ref", "main", "--path", "gitspaces"])
        #expect(bad.status == 2)
        #expect(bad.stdout.hasPrefix("gitspaces/a.yaml:4:9: error: metadata.name 'A' must be a DNS label"))

        let missingRef = try await Binary.run(["validate", "--repo", repo.path, "--ref", "no-such-branch"])
        #expect(missingRef.status == 2)
        #expect(missingRef.stderr.contains("revision 'no-such-branch' not found"))

        let missingPath = try await Binary.run(["validate", "--repo", repo.path, "--path", "nope"])
        #expect(missingPath.status == 2)
        #expect(missingPath.stderr.contains("path 'nope' not found"))
    }

    @Test func readsARemoteOverGitProtocolIntoAMirror() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let repo = try GitFixture(at: folder.appending("served/config.git"))
        try repo.write("a.yaml", gitspaceYAML.replacingOccurrences(of: "NAME", with: "a"))
        _ = try repo.commit("one")
        let daemon = try GitDaemon(basePath: folder.appending("served"))
        defer { daemon.stop() }
        let state = folder.appending("state")
        let result = try await Binary.run(["validate", "--repo", daemon.url(for: "config.git"), "--state-dir", state])
        #expect(result.status == 0, "\(result.stderr)")
        let mirrors = try FileManager.default.contentsOfDirectory(atPath: state + "/mirrors")
        #expect(mirrors.count == 1)
    }

    @Test func anUnreachableRemoteIsAGitFailureExitThree() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let port = try freeLoopbackPort()
        let result = try await Binary.run([
            "validate", "--repo", "git://127.0.0.1:\(port)/nothing.git", "--state-dir", folder.path,
        ])
        #expect(result.status == 3)
        #expect(result.stderr.hasPrefix("error: git://127.0.0.1:\(port)/nothing.git:"))
    }

    @Test func usageErrorsExitTwo() async throws {
        #expect(try await Binary.run(["validate", "--bogus"]).status == 2)
        #expect(try await Binary.run(["validate", "a", "--repo", "b"]).status == 2)
        #expect(try await Binary.run(["validate", "--ref", "main"]).status == 2)
        #expect(try await Binary.run(["validate", "/no/such/folder"]).status == 2)
    }
}

extension String {
    func write(toFile path: String, atomically: Bool, encoding: String.Encoding, createFolders: Bool) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try write(toFile: path, atomically: atomically, encoding: encoding)
    }
}

@Suite struct HelpTests {
    @Test func helpAndVersionPrintAndExitZero() async throws {
        let help = try await Binary.run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("SUBCOMMANDS:"))
        #expect(help.stdout.contains("apply"))
        let sub = try await Binary.run(["apply", "--help"])
        #expect(sub.status == 0)
        #expect(sub.stdout.contains("--allow-mass-delete"))
        let version = try await Binary.run(["--version"])
        #expect(version.status == 0)
        #expect(!version.stdout.isEmpty)
    }
}
