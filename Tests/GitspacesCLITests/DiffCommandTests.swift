import Foundation
import GitspacesTestSupport
import Testing

/// A config repository with two Gitspaces (`a.yaml`, `b.yaml`) at tag `base`; `change` makes the head commit.
func configRepository(_ folder: TemporaryDirectory, change: (GitFixture) throws -> Void) throws -> GitFixture {
    let repo = try GitFixture(at: folder.appending("config"))
    for name in ["a", "b"] {
        try repo.write("\(name).yaml", gitspaceYAML.replacingOccurrences(of: "NAME", with: name))
    }
    _ = try repo.commit("base")
    try repo.tag("base")
    try change(repo)
    _ = try repo.commit("head")
    return repo
}

@Suite struct DiffCommandTests {
    @Test func changesExitOneAndPrintThePlan() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let repo = try configRepository(folder) { repo in
            try repo.write("b.yaml", gitspaceYAML.replacingOccurrences(of: "NAME", with: "b") + "  state: stopped\n")
            try repo.write("c.yaml", gitspaceYAML.replacingOccurrences(of: "NAME", with: "c"))
        }
        let result = try await Binary.run(["diff", "--repo", repo.path, "--base", "base", "--head", "main"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.contains("  + create c\n"))
        #expect(result.stdout.contains("  . stop b\n"))
        #expect(
            result.stdout.contains("Plan: 1 to create, 0 to start, 0 to update, 0 to replace, 1 to stop, 0 to delete."))

        let quiet = try await Binary.run([
            "diff", "--repo", repo.path, "--base", "base", "--head", "main", "--exit-code=false",
        ])
        #expect(quiet.status == 0)

        let json = try await Binary.run([
            "diff", "--repo", repo.path, "--base", "base", "--head", "main", "--format", "json",
        ])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let summary = try #require(object?["summary"] as? [String: Any])
        #expect(summary["create"] as? Int == 1)
        #expect(summary["stop"] as? Int == 1)
    }

    @Test func noChangesExitZero() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let repo = try configRepository(folder) { repo in try repo.write("README.md", "docs only\n") }
        let result = try await Binary.run(["diff", "--repo", repo.path, "--base", "base", "--head", "main"])
        #expect(result.status == 0)
        #expect(result.stdout == "No changes.\n")
    }

    @Test func invalidHeadExitsTwoWithDiagnostics() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let repo = try configRepository(folder) { repo in
            try repo.write("b.yaml", gitspaceYAML.replacingOccurrences(of: "NAME", with: "b") + "  cpus: 2\n")
        }
        let result = try await Binary.run(["diff", "--repo", repo.path, "--base", "base", "--head", "main"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("b.yaml:7:3: error: unknown field 'cpus' in spec"))
    }

    @Test func deletingEverythingIsRefusedUnlessAllowed() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let repo = try configRepository(folder) { repo in
            try repo.remove("a.yaml")
            try repo.remove("b.yaml")
            try repo.write("README.md", "moved elsewhere\n")
        }
        let refused = try await Binary.run(["diff", "--repo", repo.path, "--base", "base", "--head", "main"])
        #expect(refused.status == 2)
        #expect(refused.stdout.contains("--allow-mass-delete"))
        let allowed = try await Binary.run([
            "diff", "--repo", repo.path, "--base", "base", "--head", "main", "--allow-mass-delete",
        ])
        #expect(allowed.status == 1)
        #expect(allowed.stdout.contains("2 to delete"))
    }

    @Test func aMissingRevisionOrAHalfRangeExitsTwo() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let repo = try configRepository(folder) { repo in try repo.write("README.md", "x\n") }
        let missing = try await Binary.run(["diff", "--repo", repo.path, "--base", "nope", "--head", "main"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("revision 'nope' not found"))
        #expect(try await Binary.run(["diff", "--repo", repo.path, "--base", "main"]).status == 2)
        #expect(
            try await Binary.run(["diff", "--repo", repo.path, "--ref", "main", "--base", "main", "--head", "main"])
                .status
                == 2)
    }
}
