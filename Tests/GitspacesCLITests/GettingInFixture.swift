import DockerEngine
import Foundation
import GitspacesTestSupport

/// One applied Gitspace for the exec, ssh and logs tests: a source repository whose devcontainer.json names
/// `image`, a manifest with a generated authorized key, `gitspaces apply` with a unique instance and state folder.
/// `remove()` deletes the container and the folder.
struct GettingInFixture {
    let folder: TemporaryDirectory
    let id: String
    let name: String
    let instance: String
    let stateDirectory: String
    /// The private key whose public half the manifest authorizes.
    let key: String
    /// A private key the manifest does not know.
    let otherKey: String

    /// Where the source is mounted: `/workspaces/<repo name>`.
    let workspaceFolder = "/workspaces/source"

    /// The flags every command of this fixture takes.
    var global: [String] { ["--instance", instance, "--state-dir", stateDirectory] }

    /// `devcontainer` adds members to the source's devcontainer.json (`"remoteUser": "dev"`).
    init(image: String, devcontainer: String = "") async throws {
        folder = try TemporaryDirectory()
        id = String(UUID().uuidString.lowercased().prefix(8))
        name = "in-\(id)"
        instance = "cli-in-\(id)"
        stateDirectory = folder.appending("state")
        key = folder.appending("id_ed25519")
        otherKey = folder.appending("other_ed25519")
        do {
            for path in [key, otherKey] {
                try await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "test", "-f", path])
            }
            let publicKey = try String(contentsOfFile: key + ".pub", encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let source = try GitFixture(at: folder.appending("source"))
            try source.write(
                ".devcontainer/devcontainer.json",
                "{\"image\": \"\(image)\"\(devcontainer.isEmpty ? "" : ", " + devcontainer)}")
            try source.write("README.md", "hello\n")
            try source.commit("source")
            let config = folder.appending("config")
            try FileManager.default.createDirectory(atPath: config, withIntermediateDirectories: true)
            let manifest = """
                apiVersion: gitspaces/v1
                kind: Gitspace
                metadata: {name: \(name)}
                spec:
                  repo: \(source.url)
                  hardware: {cpus: 0.5, memory: 128Mi}
                  env: {GREETING: 'hello "quoted" world'}
                  ssh:
                    authorizedKeys: ["\(publicKey)"]

                """
            try manifest.write(toFile: config + "/gitspace.yaml", atomically: true, encoding: .utf8)
            let applied = try await Binary.run(["apply", config] + global)
            guard applied.status == 0 else {
                throw ApplyFailed(output: applied.stdout + applied.stderr)
            }
        } catch {
            remove()
            throw error
        }
    }

    /// `gitspaces SUBCOMMAND FLAGS ARGS`: this fixture's flags right after the subcommand (before any `--`).
    func gitspaces(_ args: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
        try await Binary.run(Array(args.prefix(1)) + global + args.dropFirst())
    }

    /// Runs a shell command line with `$GITSPACES` set to the binary, bounded by `timeout`.
    func shell(_ script: String) async throws -> (status: Int32, stdout: String, stderr: String) {
        try await run(
            "timeout", ["120", "sh", "-c", script], env: ["GITSPACES": Binary.path, "NO_COLOR": "1"], check: false)
    }

    struct ApplyFailed: Error, CustomStringConvertible {
        var output: String
        var description: String { "gitspaces apply failed: \(output)" }
    }

    func remove() {
        _ = try? run(
            "sh",
            [
                "-c",
                "docker rm -f -v $(docker ps -aq --filter label=dev.gitspaces.instance=\(instance)) 2>/dev/null; "
                    + "docker volume rm $(docker volume ls -q --filter label=dev.gitspaces.instance=\(instance)) 2>/dev/null",
            ],
            check: false)
        folder.remove()
    }
}
