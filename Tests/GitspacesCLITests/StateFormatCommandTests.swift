import Foundation
import GitspacesTestSupport
import Reconciler
import Testing

/// Commands meet a state directory a newer gitspaces wrote: each exits 5 with the writer's release and what to do,
/// before it makes a lock file or anything else there.
@Suite struct StateFormatCommandTests {
    @Test func everyCommandOnTheStateRefusesANewerFormatWithExit5AndTouchesNothing() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let state = folder.appending("state")
        try FileManager.default.createDirectory(atPath: state + "/mirrors", withIntermediateDirectories: true)
        let format = "{\"version\": 99, \"writtenBy\": \"9.0.0\"}"
        try format.write(toFile: StateLayout.formatFile(stateDirectory: state), atomically: true, encoding: .utf8)
        let manifests = folder.appending("manifests")
        try FileManager.default.createDirectory(atPath: manifests, withIntermediateDirectories: true)
        let port = try freeLoopbackPort()

        let commands: [[String]] = [
            ["apply", manifests, "--state-dir", state],
            ["diff", manifests, "--state-dir", state],
            ["status", "--state-dir", state, "--listen", "127.0.0.1:\(port)"],
            ["daemon", "--repo", "file://\(folder.appending("config"))", "--state-dir", state],
        ]
        for command in commands {
            let result = try await Binary.run(command)
            #expect(result.status == 5, "\(command[0]): \(result.stdout)\(result.stderr)")
            #expect(
                result.stderr.contains("has format 99, written by gitspaces 9.0.0"),
                "\(command[0]): \(result.stderr)")
            #expect(result.stderr.contains("run gitspaces 9.0.0 or newer"), "\(command[0]): \(result.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: state).sorted() == ["format.json", "mirrors"])
        #expect(try String(contentsOfFile: StateLayout.formatFile(stateDirectory: state), encoding: .utf8) == format)
    }
}
