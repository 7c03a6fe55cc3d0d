import Foundation
import GitspacesTestSupport
import Testing

/// `make deb`'s script, run on the debug binary: the package's metadata and files, then an install into a
/// throwaway dpkg root (never the host's database), the installed binary at work, and a clean removal.
@Suite struct DebianPackageTests {
    /// Written by `make man` (which `make test` runs before the suite).
    static let manPage = Binary.repositoryRoot + "/.build/man/gitspaces.1"

    @Test(.timeLimit(.minutes(5)))
    func thePackageInstallsRunsValidatesAndRemovesCleanly() throws {
        try #require(
            FileManager.default.fileExists(atPath: Self.manPage), "\(Self.manPage) is missing: run `make man` first")
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let built = try run(
            Binary.repositoryRoot + "/scripts/build-deb.sh",
            [Binary.path, "0.0.1~test", folder.appending("out"), Self.manPage],
            env: ["GITSPACES_DEB_COMPRESSION": "none"])
        let package = built.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(package.hasSuffix("/gitspaces_0.0.1~test_\(try Self.architecture()).deb"))

        let info = try run("dpkg-deb", ["--field", package, "Package", "Version", "Depends"]).stdout
        #expect(info.contains("Package: gitspaces\n"))
        #expect(info.contains("Version: 0.0.1~test\n"))
        let depends = info.split(separator: "\n").first { $0.hasPrefix("Depends: ") } ?? ""
        let names = depends.dropFirst("Depends: ".count).split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces).split(separator: " ").first.map(String.init) ?? "" }
        #expect(names.contains("libgit2-1.5"), "\(depends)")
        #expect(names.contains("libyaml-0-2"), "\(depends)")
        #expect(depends.contains("libgit2-1.5 (>= 1.5"), "\(depends)")

        let contents = try run("dpkg-deb", ["--contents", package]).stdout
        let paths = Set(contents.split(separator: "\n").compactMap { $0.split(separator: " ").last.map(String.init) })
        let shipped = [
            "./usr/bin/gitspaces", "./usr/share/man/man1/gitspaces.1",
            "./usr/share/bash-completion/completions/gitspaces", "./usr/share/zsh/site-functions/_gitspaces",
            "./usr/share/fish/vendor_completions.d/gitspaces.fish", "./lib/systemd/system/gitspaces.service",
            "./usr/share/doc/gitspaces/examples/gitspaces.conf",
        ]
        for path in shipped { #expect(paths.contains(path), "\(path) is not in the package") }

        let root = folder.appending("root")
        for directory in ["info", "updates", "triggers"] {
            try FileManager.default.createDirectory(
                atPath: "\(root)/var/lib/dpkg/\(directory)", withIntermediateDirectories: true)
        }
        for file in ["status", "available"] {
            FileManager.default.createFile(atPath: "\(root)/var/lib/dpkg/\(file)", contents: nil)
        }
        let dpkg = ["--root=\(root)", "--log=\(root)/dpkg.log", "--force-not-root"]
        try run("dpkg", dpkg + ["--force-depends", "-i", package])

        let installed = root + "/usr/bin/gitspaces"
        let version = try run(installed, ["--version"])
        #expect(version.stdout == (try Binary.run(["--version"]).stdout))
        #expect(version.stdout.hasPrefix("gitspaces:   "), "\(version.stdout)")
        let validate = try run(installed, ["validate", "manifests"], cwd: Binary.repositoryRoot, check: false)
        #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")
        let unit = try String(contentsOfFile: root + "/lib/systemd/system/gitspaces.service", encoding: .utf8)
        #expect(unit.contains("ExecStart=/usr/bin/gitspaces daemon"))
        let bash = try String(
            contentsOfFile: root + "/usr/share/bash-completion/completions/gitspaces", encoding: .utf8)
        #expect(bash.contains("validate"))

        try run("dpkg", dpkg + ["--remove", "gitspaces"])
        for path in shipped {
            #expect(!FileManager.default.fileExists(atPath: root + path.dropFirst()), "\(path) is left after removal")
        }
        let status = try String(contentsOfFile: root + "/var/lib/dpkg/status", encoding: .utf8)
        #expect(!status.contains("Status: install ok installed"))
    }

    static func architecture() throws -> String {
        try run("dpkg", ["--print-architecture"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
