import Foundation
import GitspacesTestSupport
import Testing

@Suite struct VersionCommandTests {
    /// `pkg-config --modversion PACKAGE` cut to major.minor, what the loaded library must report too.
    static func majorMinor(_ version: String) -> String {
        version.split(separator: ".").prefix(2).joined(separator: ".")
    }

    static func pkgConfigVersion(_ package: String) throws -> String {
        try run("pkg-config", ["--modversion", package]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func versionJSONNamesTheBuildTheLoadedLibrariesAndTheEngineAPI() throws {
        let result = try Binary.run(["version", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: String])
        #expect(
            Set(object.keys) == [
                "version", "commit", "libgit2", "libyaml", "engineAPIVersion", "minimumEngineAPIVersion",
                "stateFormat",
            ])
        for (key, value) in object { #expect(!value.isEmpty, "\(key) is empty") }
        #expect(object["version"]?.split(separator: ".").count == 3)
        #expect(Self.majorMinor(object["libgit2"] ?? "") == Self.majorMinor(try Self.pkgConfigVersion("libgit2")))
        #expect(Self.majorMinor(object["libyaml"] ?? "") == Self.majorMinor(try Self.pkgConfigVersion("yaml-0.1")))
        #expect(object["engineAPIVersion"] == "1.45")
        #expect(object["minimumEngineAPIVersion"] == "1.41")
        #expect(object["stateFormat"] == "1")
    }

    @Test func versionTextAndDashDashVersionPrintTheSameReport() throws {
        let json = try Binary.run(["version", "--format", "json"])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: String])
        let text = try Binary.run(["version"])
        #expect(text.status == 0, "\(text.stderr)")
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "gitspaces:   \(object["version"] ?? "")")
        #expect(lines.contains("commit:      \(object["commit"] ?? "")"))
        #expect(lines.contains("libgit2:     \(object["libgit2"] ?? "")"))
        #expect(lines.contains("libyaml:     \(object["libyaml"] ?? "")"))
        #expect(lines.contains("engine API:  1.45 (minimum 1.41)"))
        #expect(lines.contains("state format: \(object["stateFormat"] ?? "")"))
        let flag = try Binary.run(["--version"])
        #expect(flag.status == 0, "\(flag.stderr)")
        #expect(flag.stdout == text.stdout)
    }
}
