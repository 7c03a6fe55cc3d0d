import DockerEngine
import Foundation
import GitspacesDaemon
import GitspacesTestScope
import GitspacesTestSupport
import Testing

/// The daemon with `--verify-commits`: a signed head is applied; an unsigned or untrusted head is refused while
/// the last good commit stays in force, and status says why.
@Suite(.serialized, .onWidePool)
struct VerifyCommitsDaemonTests {
    @Test func aSignedCommitIsAppliedAndAnUnverifiedHeadIsRefusedWhileTheLastGoodOneRuns() async throws {
        try await withWorld { world in
            let trusted = try SSHSigningKey.generate(
                in: world.folder.path, name: "alice", principal: "alice@example.com")
            let stranger = try SSHSigningKey.generate(
                in: world.folder.path, name: "mallory", principal: "mallory@example.com")
            let signers = try SSHSigningKey.writeAllowedSigners(
                [trusted], to: world.folder.appending("allowed_signers"))
            // The config repository's first commit is unsigned: refused from the start, nothing in force.
            let initial = try world.config.git("rev-parse", "HEAD")
            let daemon = try world.startDaemon(interval: "500ms", extra: ["--verify-commits", signers])
            let cold = try await daemon.waitForStatus("the unsigned first commit refused") {
                $0.daemon.lastAttemptedRevision == initial && $0.daemon.unverified != nil
            }
            #expect(cold.daemon.lastAppliedRevision == nil)
            #expect(cold.daemon.unverified?.contains("commit \(initial.prefix(12)) is not signed") == true)
            #expect(!cold.daemon.ready)

            let name = world.name("signed")
            let good = try await publish(world, ["signed.yaml": world.gitspace("signed")], signedWith: trusted)
            let applied = try await daemon.waitForStatus("the signed commit applied") {
                $0.entry(name)?.ready.status == true
            }
            #expect(applied.daemon.lastAppliedRevision == good)
            #expect(applied.daemon.unverified == nil)
            let container = try #require(try await world.containers()[name])

            // An unsigned head that would stop the Gitspace and add another: refused.
            let unsigned = try await world.publish(
                ["signed.yaml": world.gitspace("signed", state: "stopped"), "more.yaml": world.gitspace("more")],
                message: "unsigned")
            let refused = try await daemon.waitForStatus("the unsigned head refused") {
                $0.daemon.lastAttemptedRevision == unsigned && $0.daemon.unverified != nil
            }
            #expect(refused.daemon.lastAppliedRevision == good)
            #expect(refused.daemon.unverified?.contains("commit \(unsigned.prefix(12)) is not signed") == true)
            #expect(refused.daemon.configErrors.isEmpty)

            // Signed by a key that is not listed: refused too, naming the key.
            let untrusted = try await publish(
                world, ["signed.yaml": world.gitspace("signed", state: "stopped")], signedWith: stranger)
            let stillGood = try await daemon.waitForStatus("the untrusted head refused") {
                $0.daemon.lastAttemptedRevision == untrusted && $0.daemon.unverified != nil
            }
            #expect(stillGood.daemon.lastAppliedRevision == good)
            #expect(stillGood.daemon.unverified?.contains("is signed by a key that is not trusted") == true)
            #expect(stillGood.daemon.unverified?.contains(signers) == true)

            // The last good commit still runs and is still reconciled; nothing of the refused ones was applied.
            try await world.docker.stop(container.id, timeout: 1)
            try await eventually("the stopped container running again") {
                try await world.containers()[name]?.state == "running"
            }
            let containers = try await world.containers()
            #expect(containers.count == 1)
            #expect(containers[name]?.id == container.id)
            let cli = try await GitspacesTestSupport.run(
                Binary.path, ["status", "--listen", "127.0.0.1:\(daemon.port)"], check: false)
            #expect(cli.status == 0)
            #expect(cli.stdout.contains("Unverified: "), "\(cli.stdout)")
            #expect(cli.stdout.contains("commit \(untrusted.prefix(12)) is signed by a key that is not trusted"))
            let metrics = try await daemon.client.request("GET", "/metrics")
            #expect(String(decoding: metrics.body, as: UTF8.self).contains("gitspaces_config_rejected_total 3"))

            // Once the stranger's key is listed, the same head verifies and is applied on a next pass.
            try SSHSigningKey.writeAllowedSigners([trusted, stranger], to: signers)
            let accepted = try await daemon.waitForStatus("the formerly untrusted head applied") {
                $0.daemon.lastAppliedRevision == untrusted
            }
            #expect(accepted.daemon.unverified == nil)
            try await eventually("the Gitspace stopped, as the head now in force says") {
                try await world.containers()[name]?.state == "exited"
            }
        }
    }

    /// Like `DaemonWorld.publish`, with the commit signed by `key`.
    private func publish(_ world: DaemonWorld, _ files: [String: String], signedWith key: SSHSigningKey)
        async throws -> String
    {
        try await onOwnThread {
            let existing = (try? FileManager.default.contentsOfDirectory(atPath: world.config.path)) ?? []
            for file in existing where file.hasSuffix(".yaml") { try world.config.remove(file) }
            for (path, text) in files { try world.config.write(path, text) }
            let commit = try world.config.commitSigned("signed config", with: key)
            try world.config.git("push", "--quiet", "origin", "main")
            return commit
        }
    }
}
