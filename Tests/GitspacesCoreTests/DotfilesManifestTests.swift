import Testing

@testable import GitspacesCore

/// `spec.dotfiles` and the Policy's per-owner default: validated at FILE:LINE:COLUMN, resolved, and planned in place.
@Suite struct DotfilesManifestTests {
    func gitspace(_ dotfiles: String, owner: String = "alice") -> String {
        validGitspace + "  owner: \(owner)\n" + dotfiles
    }

    let policy = """
        apiVersion: gitspaces/v1
        kind: Policy
        metadata: {name: default}
        spec:
          dotfiles:
            alice: {repo: "https://github.com/alice/dotfiles.git", branch: main}

        """

    @Test func aGitspacesOwnDotfilesAreRead() throws {
        let state = try load([
            "g.yaml": gitspace(
                "  dotfiles: {repo: git@github.com:alice/dots.git, branch: dev, installCommand: ./setup}\n")
        ])
        #expect(
            state.gitspaces.first?.dotfiles
                == Dotfiles(repo: "git@github.com:alice/dots.git", branch: "dev", installCommand: "./setup"))
    }

    @Test func badDotfilesAreReportedAtTheirPlace() {
        let text = gitspace(
            """
              dotfiles:
                repo: ""
                branch: "a..b"
                installCommand: ../escape.sh
                script: install.sh

            """)
        #expect(
            diagnostics(["g.yaml": text]) == [
                "g.yaml:9:11: error: spec.dotfiles.repo '' is empty",
                "g.yaml:10:13: error: spec.dotfiles.branch 'a..b' is not a valid branch name",
                "g.yaml:11:21: error: spec.dotfiles.installCommand '../escape.sh' must stay inside the dotfiles "
                    + "repository (no '..')",
                "g.yaml:12:5: error: unknown field 'script' in spec.dotfiles",
            ])
    }

    @Test func aBadURLOrATokenInItIsRefusedWithoutPrintingTheToken() {
        let bad = diagnostics(["g.yaml": gitspace("  dotfiles: {repo: 'ftp://host/x.git'}\n")])
        #expect(
            bad == [
                "g.yaml:8:20: error: spec.dotfiles.repo 'ftp://host/x.git' has an unsupported scheme 'ftp': use https, ssh, git or file"
            ])
        let token = diagnostics(["g.yaml": gitspace("  dotfiles: {repo: 'https://ghp_secret123@github.com/a/d.git'}\n")]
        )
        #expect(token.count == 1)
        #expect(token.first?.contains("carries a token") == true, "\(token)")
        #expect(token.first?.contains("ghp_secret123") == false)
        #expect(
            diagnostics(["g.yaml": gitspace("  dotfiles: {branch: main}\n")]) == [
                "g.yaml:8:3: error: missing required field 'repo' in spec.dotfiles"
            ])
        #expect(
            diagnostics(["g.yaml": gitspace("  dotfiles: https://github.com/a/d.git\n")]) == [
                "g.yaml:8:13: error: spec.dotfiles must be a mapping, not a string"
            ])
    }

    @Test func thePolicyDefaultIsTheOwnersAndAGitspacesOwnWins() throws {
        let state = try load([
            "p.yaml": policy,
            "a.yaml": gitspace(""),
            "b.yaml": gitspace("", owner: "bob").replacingOccurrences("alice-payments", "bob-payments"),
            "c.yaml": gitspace("  dotfiles: {repo: 'https://github.com/alice/other.git'}\n")
                .replacingOccurrences("alice-payments", "alice-other"),
        ])
        let byName = Dictionary(uniqueKeysWithValues: state.gitspaces.map { ($0.name, $0.dotfiles) })
        #expect(byName["alice-payments"] == Dotfiles(repo: "https://github.com/alice/dotfiles.git", branch: "main"))
        #expect(byName["bob-payments"] == .some(nil))
        #expect(byName["alice-other"] == Dotfiles(repo: "https://github.com/alice/other.git"))
    }

    @Test func thePolicysDotfilesAreValidatedPerOwner() {
        let text = policy.replacingOccurrences("alice: {repo:", "alice: {rpo:")
        #expect(
            diagnostics(["p.yaml": text]) == [
                "p.yaml:6:5: error: missing required field 'repo' in spec.dotfiles.alice",
                "p.yaml:6:13: error: unknown field 'rpo' in spec.dotfiles.alice (did you mean 'repo'?)",
            ])
    }

    @Test func theSourcesCredentialsGoOnlyToTheSameHost() throws {
        let credentials = "  credentials: acme-git-token\n"
        let same = try load([
            "g.yaml": gitspace(credentials + "  dotfiles: {repo: 'https://git.example.com/alice/dotfiles.git'}\n")
        ])
        #expect(same.gitspaces.first?.dotfiles?.credentials == "acme-git-token")
        let other = try load([
            "g.yaml": gitspace(credentials + "  dotfiles: {repo: 'https://github.com/alice/dotfiles.git'}\n")
        ])
        #expect(other.gitspaces.first?.dotfiles?.credentials == nil)
        #expect(Dotfiles.host(of: "ssh://git@Git.Example.com:2222/a.git") == "git.example.com")
        #expect(Dotfiles.host(of: "git@github.com:alice/d.git") == "github.com")
        #expect(Dotfiles.host(of: "file:///srv/d.git") == nil)
        #expect(Dotfiles.host(of: "/srv/d.git") == nil)
    }

    @Test func aChangeOfDotfilesIsAnInPlaceUpdateThatKeepsTheSpecHash() {
        var old = PlanFixtures.gitspace()
        old.dotfiles = Dotfiles(repo: "https://github.com/alice/dotfiles.git")
        var new = old
        new.dotfiles?.installCommand = "setup.sh"
        new.dotfiles?.branch = "work"
        #expect(ResolvedSpec(old).hash == ResolvedSpec(new).hash)
        let planned = plan(desired: PlanFixtures.desired([new]), observed: [ObservedGitspace(desired: old)])
        #expect(planned.actions.map(\.kind) == [.update])
        #expect(
            planned.actions.first?.changes == [
                FieldChange(field: "dotfiles.branch", old: nil, new: "work"),
                FieldChange(field: "dotfiles.installCommand", old: nil, new: "setup.sh"),
            ])
        var none = old
        none.dotfiles = nil
        let removed = plan(desired: PlanFixtures.desired([none]), observed: [ObservedGitspace(desired: old)])
        #expect(removed.actions.map(\.kind) == [.update])
        #expect(removed.summary.replace == 0)
    }
}
