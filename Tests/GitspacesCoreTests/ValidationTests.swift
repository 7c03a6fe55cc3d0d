import GitspacesCore
import Testing

/// Loads the files and returns the diagnostics as printed, or [] when valid.
func diagnostics(_ files: [String: String]) -> [String] {
    do {
        _ = try ManifestLoader.load(files.map { SourceFile(path: $0.key, text: $0.value) })
        return []
    } catch {
        return error.diagnostics.map(\.description)
    }
}

func load(_ files: [String: String]) throws -> DesiredState {
    try ManifestLoader.load(files.map { SourceFile(path: $0.key, text: $0.value) })
}

let validGitspace = """
    apiVersion: gitspaces/v1
    kind: Gitspace
    metadata:
      name: alice-payments
    spec:
      repo: https://git.example.com/acme/payments.git

    """

@Suite struct ValidationTests {
    @Test func aMinimalGitspaceGetsItsDefaults() throws {
        let state = try load(["g.yaml": validGitspace])
        let gitspace = try #require(state.gitspaces.first)
        #expect(gitspace.state == .running)
        #expect(gitspace.deletionPolicy == .retain)
        #expect(gitspace.hardware == .builtinDefault)
        #expect(gitspace.branch == nil)
        #expect(gitspace.location == SourceLocation(file: "g.yaml", line: 4, column: 9))
        #expect(state.policy.maxDeletions == 10)
    }

    @Test func syntaxErrorsPointAtLibyamlsMark() {
        #expect(
            diagnostics(["a.yaml": "kind: Gitspace\n  bad: indent\n"]) == [
                "a.yaml:2:6: error: mapping values are not allowed in this context"
            ])
    }

    @Test func unknownApiVersionAndKindPointAtTheirValues() {
        let text = validGitspace.replacingOccurrences("gitspaces/v1", "gitspaces/v2")
            .replacingOccurrences("kind: Gitspace", "kind: Gitspce")
        #expect(
            diagnostics(["a.yaml": text]) == [
                "a.yaml:1:13: error: unknown apiVersion 'gitspaces/v2': expected 'gitspaces/v1'",
                "a.yaml:2:7: error: unknown kind 'Gitspce': expected one of Gitspace, HardwareProfile, Policy (did you mean 'Gitspace'?)",
            ])
    }

    @Test func unknownFieldsGetADidYouMeanHint() {
        let text = validGitspace + "  hardwre: small\n  zzzzzz: 1\n"
        #expect(
            diagnostics(["a.yaml": text]) == [
                "a.yaml:7:3: error: unknown field 'hardwre' in spec (did you mean 'hardware'?)",
                "a.yaml:8:3: error: unknown field 'zzzzzz' in spec",
            ])
    }

    @Test func wrongTypesNameWhatWasFound() {
        let text = validGitspace + "  branch: [main]\n  ssh: {authorizedKeys: 3}\n  state: 1\n"
        #expect(
            diagnostics(["a.yaml": text]) == [
                "a.yaml:7:11: error: spec.branch must be a string, not a sequence",
                "a.yaml:8:25: error: spec.ssh.authorizedKeys must be a list, not an integer",
                "a.yaml:9:10: error: spec.state must be a string, not an integer",
            ])
    }

    @Test func badNamesAreRefused() {
        let text = validGitspace.replacingOccurrences("alice-payments", "Alice_Payments")
        #expect(
            diagnostics(["a.yaml": text]) == [
                "a.yaml:4:9: error: metadata.name 'Alice_Payments' must be a DNS label: lowercase letters, digits and '-', starting and ending with a letter or digit"
            ])
    }

    @Test func missingRequiredFieldsPointAtTheirParentKey() {
        let text = "apiVersion: gitspaces/v1\nkind: Gitspace\nmetadata: {}\nspec:\n  branch: main\n"
        #expect(
            diagnostics(["a.yaml": text]) == [
                "a.yaml:3:1: error: missing required field 'name' in metadata",
                "a.yaml:4:1: error: missing required field 'repo' in spec",
            ])
    }

    @Test func duplicateNamesAcrossFilesNameBothPlaces() {
        #expect(
            diagnostics(["a.yaml": validGitspace, "b/c.yaml": "# x\n" + validGitspace]) == [
                "b/c.yaml:5:9: error: Gitspace 'alice-payments' is defined twice: first at a.yaml:4:9"
            ])
    }

    @Test func unknownHardwareProfileListsTheKnownOnes() {
        let profile = """
            apiVersion: gitspaces/v1
            kind: HardwareProfile
            metadata: {name: large}
            spec: {cpus: 8, memory: 16Gi}

            """
        let text = validGitspace + "  hardware: lrage\n"
        #expect(
            diagnostics(["a.yaml": text, "p.yaml": profile]) == [
                "a.yaml:7:13: error: unknown hardware profile 'lrage' (did you mean 'large'?); defined: large"
            ])
    }

    @Test func badQuantitiesAreRefusedAtTheValue() {
        let text = validGitspace + "  hardware: {cpus: 0.0001, memory: 8GB, disk: lots}\n"
        #expect(
            diagnostics(["a.yaml": text]) == [
                "a.yaml:7:20: error: spec.hardware.cpus '0.0001' is not a CPU count: use a positive decimal with at most 3 decimals (2, 0.5) or millicpus (500m)",
                "a.yaml:7:36: error: spec.hardware.memory '8GB' is not a size: use bytes or a number with Ki, Mi, Gi, Ti (or K, M, G, T) (did you mean '8Gi'?)",
                "a.yaml:7:47: error: spec.hardware.disk 'lots' is not a size: use bytes or a number with Ki, Mi, Gi, Ti (or K, M, G, T)",
            ])
    }

    @Test func hardwareOverThePolicyIsRefusedAtEachValue() {
        let policy = """
            apiVersion: gitspaces/v1
            kind: Policy
            metadata: {name: default}
            spec:
              maxHardware: {cpus: 8, memory: 32Gi, disk: 200Gi}

            """
        let text = validGitspace + "  hardware: {cpus: 16, memory: 64Gi, disk: 100Gi}\n"
        #expect(
            diagnostics(["a.yaml": text, "policy.yaml": policy]) == [
                "a.yaml:7:20: error: cpus 16 is over the policy's maxHardware.cpus 8 (Policy 'default' at policy.yaml:3:18)",
                "a.yaml:7:32: error: memory 64Gi is over the policy's maxHardware.memory 32Gi (Policy 'default' at policy.yaml:3:18)",
            ])
    }

    @Test func reposOutsideAllowedReposAreRefused() {
        let policy = """
            apiVersion: gitspaces/v1
            kind: Policy
            metadata: {name: default}
            spec:
              allowedRepos: ["https://git.example.com/other/*"]

            """
        #expect(
            diagnostics(["a.yaml": validGitspace, "policy.yaml": policy]) == [
                "a.yaml:6:9: error: spec.repo 'https://git.example.com/acme/payments.git' is not allowed by the policy's allowedRepos (https://git.example.com/other/*) (Policy 'default' at policy.yaml:3:18)"
            ])
    }

    @Test func aSecondPolicyIsRefused() {
        let policy = "apiVersion: gitspaces/v1\nkind: Policy\nmetadata: {name: NAME}\nspec: {}\n"
        #expect(
            diagnostics([
                "a.yaml": policy.replacingOccurrences("NAME", "first"),
                "b.yaml": policy.replacingOccurrences("NAME", "second"),
            ]) == [
                "b.yaml:3:18: error: a second Policy 'second': a config repository has at most one (the first is 'first' at a.yaml:3:18)"
            ])
    }

    @Test func everyErrorOfEveryFileIsReportedInOneRun() {
        let broken =
            validGitspace.replacingOccurrences("alice-payments", "x_")
            + "  state: paused\n  deletionPolicy: retain\n  env: {1BAD: x}\n  credentials: ../etc/passwd\n"
        let found = diagnostics(["a.yaml": broken, "b.yaml": "a: [\n"])
        #expect(
            found
                == [
                    "a.yaml:9:9: error: spec.env '1BAD' is not a valid environment variable name: use letters, digits and '_', not starting with a digit",
                    "a.yaml:10:16: error: spec.credentials must name a secret in the credentials directory (letters, digits, '.', '_', '-'), not a path or the secret itself",
                    "a.yaml:4:9: error: metadata.name 'x_' must be a DNS label: lowercase letters, digits and '-', starting and ending with a letter or digit",
                    "a.yaml:7:10: error: spec.state must be 'running' or 'stopped', not 'paused'",
                    "a.yaml:8:19: error: spec.deletionPolicy must be 'Retain' or 'Delete', not 'retain' (did you mean 'Retain'?)",
                    "b.yaml:2:1: error: did not find expected node content (while parsing a flow node started at 2:1)",
                ].sorted { Diagnostic.parse($0) < Diagnostic.parse($1) })
    }

    @Test func secretsInURLsAndPrivateKeysAreRefused() {
        let text =
            validGitspace.replacingOccurrences("https://", "https://bob:hunter2@")
            + "  ssh:\n    authorizedKeys:\n      - \"-----BEGIN OPENSSH PRIVATE KEY-----\"\n      - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKp6P9bGUb2yqkS5mUzcCu7sC0NOZ+DvUEA3nKMjO1sM alice@laptop\n"
        #expect(
            diagnostics(["a.yaml": text]) == [
                "a.yaml:6:9: error: spec.repo 'https://***@git.example.com/acme/payments.git' carries a password or token: name a host-side secret in spec.credentials instead",
                "a.yaml:9:9: error: spec.ssh.authorizedKeys[0] is a private key: list public keys only, and remove the private key from the repository history",
            ])
    }

    @Test func profilesResolveAndADefaultProfileAppliesWhenNoneIsNamed() throws {
        let profiles = """
            apiVersion: gitspaces/v1
            kind: HardwareProfile
            metadata: {name: default}
            spec: {cpus: 1.5, memory: 3Gi, disk: 10G}
            ---
            apiVersion: gitspaces/v1
            kind: HardwareProfile
            metadata: {name: big}
            spec: {cpus: 8, memory: 16Gi, gpus: 1}

            """
        let second = validGitspace.replacingOccurrences("alice-payments", "bob") + "  hardware: big\n"
        let state = try load(["p.yaml": profiles, "a.yaml": validGitspace, "b.yaml": second])
        #expect(state.gitspaces.map(\.name) == ["alice-payments", "bob"])
        #expect(
            state.gitspaces[0].hardware
                == Hardware(
                    cpus: CPUs(millis: 1500), memory: ByteSize(bytes: 3 << 30), disk: ByteSize(bytes: 10_000_000_000)))
        #expect(state.gitspaces[0].hardwareSource == .profile("default"))
        #expect(state.gitspaces[1].hardware.gpus == 1)
    }

    @Test(arguments: ["\n", "\r\n"])
    func aManifestSavedWithAByteOrderMarkLoadsWithItsPositions(newline: String) throws {
        let text = "\u{FEFF}" + validGitspace.replacingOccurrences("\n", newline)
        let gitspace = try #require(try load(["g.yaml": text]).gitspaces.first)
        #expect(gitspace.location == SourceLocation(file: "g.yaml", line: 4, column: 9))
        let broken = text.replacingOccurrences("kind: Gitspace", "kind: Gitspce")
        #expect(diagnostics(["g.yaml": broken]).first?.hasPrefix("g.yaml:2:7: error: unknown kind") == true)
    }

    @Test func sharedVolumesAreReadAndNamesTheEngineRefusesArePointedAt() throws {
        let policy = """
            apiVersion: gitspaces/v1
            kind: Policy
            metadata: {name: default}
            spec:
              devcontainer:
                sharedVolumes: [cache, node_modules.v2, "bad/name"]

            """
        #expect(
            diagnostics(["p.yaml": policy]) == [
                "p.yaml:6:45: error: spec.devcontainer.sharedVolumes: 'bad/name' is not a volume name (a letter or digit, then letters, digits, '_', '.' or '-')"
            ])
        let state = try load(["p.yaml": policy.replacingOccurrences(", \"bad/name\"", "")])
        #expect(state.policy.devcontainer.sharedVolumes == ["cache", "node_modules.v2"])
    }

    @Test func emptyDocumentsAndCommentOnlyFilesAreIgnored() throws {
        let state = try load([
            "a.yaml": "---\n" + validGitspace + "---\n# trailing\n", "empty.yaml": "# nothing here\n",
        ])
        #expect(state.gitspaces.count == 1)
    }

    @Test func aDocumentThatIsNotAMappingIsRefused() {
        #expect(
            diagnostics(["a.yaml": "- just\n- a list\n"]) == [
                "a.yaml:1:1: error: the document must be a mapping, not a sequence"
            ])
    }

    @Test func hostileYAMLIsAManifestErrorNotACrash() {
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for (previous, name) in zip("abcdefgh", "bcdefghi") {
            bomb += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
        }
        let found = diagnostics(["bomb.yaml": bomb])
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("bomb.yaml:") == true)
        #expect(found.first?.contains("alias") == true)
    }
}

extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

extension Diagnostic {
    /// Parses "FILE:LINE:COLUMN: error: MESSAGE" back, to sort expected lines like the loader does.
    static func parse(_ line: String) -> Diagnostic {
        let parts = line.split(separator: ":", maxSplits: 3)
        return Diagnostic(
            file: String(parts[0]), line: Int(parts[1]) ?? 0, column: Int(parts[2]) ?? 0,
            message: String(parts[3].dropFirst(" error: ".count)))
    }
}
