import Foundation
import GitspacesTestSupport

/// A small non-bare repository with two commits on `main`, a `feature` branch, a lightweight and an
/// annotated tag, nested folders, an executable, an empty file and a symbolic link.
struct SampleRepository {
    let fixture: GitFixture
    /// The first commit on `main` (tagged `v1`, lightweight).
    let first: String
    /// The second commit on `main` (tagged `v2`, annotated): `main`'s tip.
    let second: String
    /// The tip of `feature`, one commit past `first`.
    let feature: String

    static let alphaYAML = "apiVersion: gitspaces/v1\nkind: Gitspace\nmetadata: {name: alpha}\n"

    /// A copy of the sample at `path`: built once per test process, then copied (`cp -a`), which is much
    /// faster than running git a dozen times per test. Commit SHAs are the same in every copy.
    init(at path: String) throws {
        let template = try Self.template.get()
        try FileManager.default.createDirectory(
            atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
        try run("cp", ["-a", template.fixture.path, path])
        fixture = GitFixture(existingAt: path)
        first = template.first
        second = template.second
        feature = template.feature
    }

    private static let template = Result { () throws -> SampleRepository in
        try? FileManager.default.removeItem(atPath: templatePath)
        atexit { try? FileManager.default.removeItem(atPath: SampleRepository.templatePath) }
        return try SampleRepository(buildingAt: templatePath + "/sample")
    }

    private static var templatePath: String {
        "/tmp/gitspaces-test-sample-\(ProcessInfo.processInfo.processIdentifier)"
    }

    private init(buildingAt path: String) throws {
        let fixture = try GitFixture(at: path)
        try fixture.write("README.md", "# sample\n")
        try fixture.write("config/alpha.yaml", Self.alphaYAML)
        first = try fixture.commit("first")
        try fixture.tag("v1")

        try fixture.branch("feature")
        try fixture.checkout("feature")
        try fixture.write("feature.txt", "feature work\n")
        feature = try fixture.commit("feature work")
        try fixture.checkout("main")

        try fixture.write("config/team/beta.yml", "kind: HardwareProfile\n")
        try fixture.write("config/empty.yaml", "")
        try fixture.write("scripts/run.sh", "#!/bin/sh\necho hi\n", executable: true)
        try fixture.symlink("config/link.yaml", to: "alpha.yaml")
        second = try fixture.commit("second")
        try fixture.tag("v2", annotated: true)
        self.fixture = fixture
    }

    /// Every regular file at `second`, sorted: what `files(at:under: nil)` must list (no symbolic link).
    static let filesAtSecond = [
        "README.md", "config/alpha.yaml", "config/empty.yaml", "config/team/beta.yml", "scripts/run.sh",
    ]
}
