import DockerEngine
import Foundation
import GitspacesTestSupport
import Testing

@Suite("tar archives")
struct TarArchiveTests {
    @Test func systemTarReadsFilesFoldersLinksModesAndLongNames() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let longFolder = (1...12).map { "folder-\($0)" }.joined(separator: "/")  // > 100 bytes: ustar prefix
        let longName = String(repeating: "n", count: 130) + ".txt"  // no split possible: PAX path
        var archive = TarArchive()
        archive.addDirectory("app")
        archive.addFile("app/run.sh", contents: "#!/bin/sh\necho hi\n", mode: 0o755)
        archive.addFile("app/data.bin", contents: (0..<1025).map { UInt8($0 % 256) })
        archive.addFile("\(longFolder)/deep.txt", contents: "deep\n")
        archive.addFile(longName, contents: "long\n")
        archive.addSymlink("app/link", target: "run.sh")
        archive.addFile("/absolute/empty", contents: "")
        let bytes = archive.bytes
        #expect(bytes.count % 512 == 0)
        let path = directory.appending("a.tar")
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        let listing = try run("tar", ["-tvf", path]).stdout
        #expect(listing.contains("app/run.sh"))
        #expect(listing.contains("-rwxr-xr-x"))
        #expect(listing.contains("app/link -> run.sh"))

        let out = directory.appending("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try run("tar", ["-xf", path, "-C", out])
        #expect(try String(contentsOfFile: "\(out)/app/run.sh", encoding: .utf8) == "#!/bin/sh\necho hi\n")
        #expect(FileManager.default.isExecutableFile(atPath: "\(out)/app/run.sh"))
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: "\(out)/app/data.bin"))
                == Data((0..<1025).map { UInt8($0 % 256) }))
        #expect(try String(contentsOfFile: "\(out)/\(longFolder)/deep.txt", encoding: .utf8) == "deep\n")
        #expect(try String(contentsOfFile: "\(out)/\(longName)", encoding: .utf8) == "long\n")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(out)/app/link") == "run.sh")
        #expect(FileManager.default.fileExists(atPath: "\(out)/absolute/empty"))
    }

    @Test func theSameEntriesGiveTheSameBytes() {
        func make() -> [UInt8] {
            var archive = TarArchive()
            archive.addFile("Dockerfile", contents: "FROM scratch\n")
            return archive.bytes
        }
        #expect(make() == make())
        #expect(TarArchive().bytes == [UInt8](repeating: 0, count: 1024))
    }
}
