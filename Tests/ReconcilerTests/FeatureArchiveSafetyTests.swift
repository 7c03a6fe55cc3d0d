import Foundation
import GitspacesTestSupport
import Reconciler
import Testing

/// Feature archives never write outside their folder: each hostile archive is served as a tarball over loopback
/// HTTP, refused, and leaves nothing outside the cache and no half-extracted folder inside it.
struct FeatureArchiveSafetyTests {
    /// A unique name, so that a broken extractor's write would be seen and could not hit a real file.
    static let marker = "gitspaces-hostile-\(UUID().uuidString.lowercased())"

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var build: @Sendable (_ outside: String) -> RawTarArchive
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "../ path") { _ in
            var archive = RawTarArchive()
            archive.add("devcontainer-feature.json", text: "{}")
            archive.add("../../\(marker)", text: "escaped")
            return archive
        },
        Case(name: "absolute path") { outside in
            var archive = RawTarArchive()
            archive.add("devcontainer-feature.json", text: "{}")
            archive.add("\(outside)/\(marker)", text: "escaped")
            return archive
        },
        Case(name: "symlink to an outside folder, then a file through it") { outside in
            var archive = RawTarArchive()
            archive.add("devcontainer-feature.json", text: "{}")
            archive.add("etc", type: "2", linkName: outside)
            archive.add("etc/\(marker)", text: "escaped")
            return archive
        },
        Case(name: "relative symlink climbing out, then a file through it") { _ in
            var archive = RawTarArchive()
            archive.add("devcontainer-feature.json", text: "{}")
            archive.add("up", type: "2", linkName: "../../../../../../../../tmp")
            archive.add("up/\(marker)", text: "escaped")
            return archive
        },
        Case(name: "symlink inside, then a symlink through it climbing out") { _ in
            var archive = RawTarArchive()
            archive.add("devcontainer-feature.json", text: "{}")
            archive.add("sub", type: "5", mode: 0o755)
            archive.add("sub/root", type: "2", linkName: "..")
            archive.add("sub/root/\(marker)", type: "2", linkName: "..")
            return archive
        },
        Case(name: "hard link to an outside file") { outside in
            var archive = RawTarArchive()
            archive.add("devcontainer-feature.json", text: "{}")
            archive.add(marker, type: "1", linkName: "\(outside)/\(marker)-target")
            return archive
        },
        Case(name: "hard link climbing out") { _ in
            var archive = RawTarArchive()
            archive.add("devcontainer-feature.json", text: "{}")
            archive.add(marker, type: "1", linkName: "../../\(marker)-target")
            return archive
        },
        Case(name: "device file") { _ in
            var archive = RawTarArchive()
            archive.add("devcontainer-feature.json", text: "{}")
            archive.add("disk", type: "3")
            return archive
        },
        Case(name: "pax path climbing out") { _ in
            var archive = RawTarArchive()
            archive.add("devcontainer-feature.json", text: "{}")
            archive.addPax([("path", "../../\(marker)")])
            archive.add("innocent", text: "escaped")
            return archive
        },
    ]

    @Test(arguments: cases)
    func aHostileArchiveIsRefusedAndWritesNothingOutsideItsFolder(_ hostile: Case) async throws {
        let scope = try TemporaryDirectory()
        defer { scope.remove() }
        let outside = scope.appending("outside")
        let cacheDirectory = scope.appending("state/features")
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try Data("target".utf8).write(to: URL(fileURLWithPath: "\(outside)/\(Self.marker)-target"))
        for gzip in [false, true] {
            let tar = hostile.build(outside).bytes
            let archive = gzip ? try TestFeature.gzipped(tar) : tar
            let server = try StubHTTPServer(files: ["/feature.tgz": archive])
            defer { server.stop() }

            let error = try await #require(throws: FeatureFetchError.self) {
                try await FeatureFetcher(cacheDirectory: cacheDirectory).fetchTarball(
                    url: server.url("feature.tgz"), lockedDigest: nil)
            }

            #expect(error.code == .unsafeArchive, "\(error)")
            #expect(error.description.contains(server.url("feature.tgz")))
            let found = try await run(
                "find", [scope.path, "/tmp", "/etc", "-maxdepth", "4", "-name", "\(Self.marker)*"], check: false)
            let written = found.stdout.split(separator: "\n").filter { !$0.hasSuffix("-target") }
            #expect(written.isEmpty, "written outside: \(written)")
            let published = (try? FileManager.default.contentsOfDirectory(atPath: cacheDirectory + "/folders/sha256"))
            #expect(published?.isEmpty ?? true, "no folder is published for a refused archive")
            let staging = (try? FileManager.default.contentsOfDirectory(atPath: cacheDirectory + "/tmp")) ?? []
            #expect(staging.isEmpty)
        }
    }

    @Test func longNamesFromGNUAndPaxHeadersAreExtractedWhereTheySay() async throws {
        let scope = try TemporaryDirectory()
        defer { scope.remove() }
        let deep = (1...12).map { "folder-number-\($0)" }.joined(separator: "/")
        var archive = RawTarArchive()
        archive.add("./devcontainer-feature.json", text: #"{"id": "long"}"#)
        archive.add("././@LongLink", type: "L", contents: Array("./\(deep)/gnu.txt".utf8) + [0])
        archive.add("./truncated-gnu", text: "gnu")
        archive.addPax([("path", "\(deep)/pax.txt")])
        archive.add("truncated-pax", text: "pax")
        archive.add("././@LongLink", type: "K", contents: Array("\(deep)/pax.txt".utf8) + [0])
        archive.add("./link", type: "2", linkName: "truncated-link")
        archive.addPax([("linkpath", "./\(deep)/gnu.txt")])
        archive.add("./hard", type: "1", linkName: "truncated-link")
        let server = try StubHTTPServer(files: ["/long.tar": archive.bytes])
        defer { server.stop() }

        let fetched = try await FeatureFetcher(cacheDirectory: scope.appending("features")).fetchTarball(
            url: server.url("long.tar"), lockedDigest: nil)

        func read(_ path: String) -> String? {
            try? String(contentsOfFile: fetched.folder + "/" + path, encoding: .utf8)
        }
        #expect(read("\(deep)/gnu.txt") == "gnu")
        #expect(read("\(deep)/pax.txt") == "pax")
        #expect(read("link") == "pax")
        #expect(read("hard") == "gnu")
        #expect(read("truncated-gnu") == nil && read("truncated-pax") == nil)
    }
}
