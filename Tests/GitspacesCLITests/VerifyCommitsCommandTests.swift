import Foundation
import GitspacesTestSupport
import Testing

/// `--verify-commits` on validate, diff and apply through the built binary: an unsigned, untrusted or tampered
/// head exits 2 with the reason, and nothing reaches the engine.
@Suite struct VerifyCommitsCommandTests {
    @Test func anUnverifiedHeadExitsTwoWithTheReasonAndChangesNothing() async throws {
        try await BusyboxImage.ensure()
        let folder = try TemporaryDirectory()
        let id = String(UUID().uuidString.lowercased().prefix(8))
        let instance = "verify-\(id)"
        defer { folder.remove() }
        let trusted = try SSHSigningKey.generate(in: folder.path, name: "alice", principal: "alice@example.com")
        let stranger = try SSHSigningKey.generate(in: folder.path, name: "mallory", principal: "mallory@example.com")
        let signers = try SSHSigningKey.writeAllowedSigners([trusted], to: folder.appending("allowed_signers"))
        let source = try GitFixture(at: folder.appending("source"))
        try source.write(".devcontainer/devcontainer.json", "{\"image\": \"\(BusyboxImage.reference)\"}")
        try source.commit("source")
        let config = try GitFixture(at: folder.appending("config"))
        func manifest(_ name: String) -> String {
            "apiVersion: gitspaces/v1\nkind: Gitspace\nmetadata: {name: \(name)-\(id)}\nspec:\n  repo: \(source.url)\n"
                + "  hardware: {cpus: 0.25, memory: 32Mi}\n"
        }
        try config.write("one.yaml", manifest("one"))
        let first = try config.commitSigned("one Gitspace", with: trusted)
        try config.write("two.yaml", manifest("two"))
        let second = try config.commitSigned("two Gitspaces", with: trusted)
        let state = folder.appending("state")
        let common = ["--instance", instance, "--state-dir", state]
        let verify = ["--verify-commits", signers]

        // Signed by a listed key: read as without the option.
        let valid = try await Binary.run(["validate", "--repo", config.path] + verify + common)
        #expect(valid.status == 0, "\(valid.stderr)")
        #expect(valid.stdout.contains("valid: 2 Gitspaces"))
        #expect(valid.stdout.contains("at \(second.prefix(12)), signed by alice@example.com (ED25519 key SHA256:"))
        let review = try await Binary.run(
            ["diff", "--repo", config.path, "--base", first, "--head", second] + verify + common)
        #expect(review.status == 1, "\(review.stderr)")
        #expect(review.stdout.contains("+ create two-\(id)"))
        let live = try await Binary.run(["diff", "--repo", config.path, "--ref", second] + verify + common)
        #expect(live.status == 1, "\(live.stderr)")
        #expect(live.stdout.contains("+ create one-\(id)"))

        // An unsigned head: every command refuses it, saying why and what to do.
        try config.write("three.yaml", manifest("three"))
        let unsigned = try config.commit("unsigned")
        let refusals = [
            ["validate", "--repo", config.path],
            ["diff", "--repo", config.path, "--base", second, "--head", unsigned],
            ["diff", "--repo", config.path],
            ["apply", "--repo", config.path],
        ]
        for arguments in refusals {
            let refused = try await Binary.run(arguments + verify + common)
            #expect(refused.status == 2, "\(arguments): \(refused.stdout)\(refused.stderr)")
            #expect(refused.stderr.contains("commit \(unsigned.prefix(12)) is not signed"), "\(refused.stderr)")
            #expect(refused.stderr.contains("nothing was changed"))
            #expect(!refused.stdout.contains("create"))
        }
        // Signed by a key that is not listed, and a signed commit whose tree was swapped.
        let untrusted = try config.commitSigned("by a stranger", with: stranger)
        let byStranger = try await Binary.run(["apply", "--repo", config.path] + verify + common)
        #expect(byStranger.status == 2)
        #expect(byStranger.stderr.contains("commit \(untrusted.prefix(12)) is signed by a key that is not trusted"))
        let forged = try config.forge(second, withTreeOf: untrusted)
        let tampered = try await Binary.run(["apply", "--repo", config.path] + verify + common)
        #expect(tampered.status == 2)
        #expect(tampered.stderr.contains("commit \(forged.prefix(12)) has a signature that does not verify"))

        // Nothing reached the engine.
        let containers = try await run(
            "docker", ["ps", "-aq", "--filter", "label=dev.gitspaces.instance=\(instance)"])
        #expect(containers.stdout.isEmpty)
    }

    @Test func aMissingOrMisusedTrustFileIsAUsageErrorBeforeAnythingHappens() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let config = try GitFixture(at: folder.appending("config"))
        try config.commit("empty")
        let state = folder.appending("state")

        let missing = try await Binary.run(
            ["apply", "--repo", config.path, "--verify-commits", folder.appending("nope"), "--state-dir", state])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("--verify-commits \(folder.appending("nope")): no such file"))
        #expect(!FileManager.default.fileExists(atPath: state), "the state lock was taken")

        let onAFolder = try await Binary.run(["validate", config.path, "--verify-commits", "/etc/hostname"])
        #expect(onAFolder.status == 2)
        #expect(onAFolder.stderr.contains("read them with --repo"))

        let daemonFile = folder.appending("gitspaces.conf")
        try "repo: \(config.path)\nstate-dir: \(state)\nverify-commits: \(folder.appending("gone"))\n"
            .write(toFile: daemonFile, atomically: true, encoding: .utf8)
        let daemon = try await Binary.run(["daemon", "--config", daemonFile])
        #expect(daemon.status == 2)
        #expect(daemon.stderr.contains("verify-commits: \(folder.appending("gone")): no such file"))
        #expect(!FileManager.default.fileExists(atPath: state))
    }
}
