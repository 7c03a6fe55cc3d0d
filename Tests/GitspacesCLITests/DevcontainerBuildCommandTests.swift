import Foundation
import GitspacesTestSupport
import Testing

/// `gitspaces devcontainer build` through the binary: it builds the image a Gitspace of the branch will ask
/// for (JSON names it), a later `apply` builds nothing, a failing build exits 3 with the error, an
/// invalid devcontainer.json 2.
@Suite struct DevcontainerBuildCommandTests {
    @Test func aPrebuiltImageIsWhatApplyFindsAndFailuresExitAsOtherCommands() async throws {
        try await BusyboxImage.ensure()
        let folder = try TemporaryDirectory()
        let id = String(UUID().uuidString.lowercased().prefix(8))
        let instance = "prebuild-\(id)"
        var images: [String] = []
        defer {
            _ = try? run(
                "sh",
                ["-c", "docker rm -f $(docker ps -aq --filter label=dev.gitspaces.instance=\(instance)) 2>/dev/null"],
                check: false)
            for image in images { _ = try? run("docker", ["rmi", "-f", image], check: false) }
            folder.remove()
        }
        let source = try GitFixture(at: folder.appending("app"))
        try source.write(".devcontainer/devcontainer.json", "{\"build\": {\"dockerfile\": \"Dockerfile\"}}")
        try source.write(
            ".devcontainer/Dockerfile", "FROM \(BusyboxImage.reference)\nRUN echo \(id) > /id\n")
        try source.commit("source")
        let common = ["--instance", instance]

        let built = try await Binary.run(
            [
                "devcontainer", "build", "--repo", source.url, "--branch", "main", "--format", "json",
                "--state-dir", folder.appending("ci"),
            ] + common)
        #expect(built.status == 0, "\(built.stdout)\(built.stderr)")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(built.stdout.utf8)) as? [String: Any], "\(built.stdout)")
        let image = try #require(json["image"] as? String)
        images.append(image)
        #expect(image.hasPrefix("gitspaces-build/app:"))
        #expect(json["built"] as? Bool == true)
        #expect(json["branch"] as? String == "main")
        #expect(json["config"] as? String == ".devcontainer/devcontainer.json")

        let config = folder.appending("config")
        try FileManager.default.createDirectory(atPath: config, withIntermediateDirectories: true)
        try """
        apiVersion: gitspaces/v1
        kind: Gitspace
        metadata: {name: app-\(id)}
        spec:
          repo: \(source.url)
          branch: main
          hardware: {cpus: 0.25, memory: 32Mi}
        """.write(toFile: config + "/app.yaml", atomically: true, encoding: .utf8)
        let applied = try await Binary.run(["apply", config, "--state-dir", folder.appending("state")] + common)
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        #expect(applied.stdout.contains("image \(image) already built"), "\(applied.stdout)")

        try source.write(".devcontainer/Dockerfile", "FROM \(BusyboxImage.reference)\nRUN exit 9\n")
        try source.commit("a broken build")
        let failed = try await Binary.run(
            ["devcontainer", "build", "--repo", source.url, "--state-dir", folder.appending("ci")] + common)
        #expect(failed.status == 3, "\(failed.stdout)\(failed.stderr)")
        #expect(failed.stderr.contains("building the image of .devcontainer/Dockerfile failed"), "\(failed.stderr)")

        try source.write(".devcontainer/devcontainer.json", "{\"build\": ")
        try source.commit("a broken devcontainer.json")
        let invalid = try await Binary.run(
            ["devcontainer", "build", "--repo", source.url, "--state-dir", folder.appending("ci")] + common)
        #expect(invalid.status == 2, "\(invalid.stdout)\(invalid.stderr)")
        #expect(invalid.stderr.contains("devcontainer.json"), "\(invalid.stderr)")
    }
}
