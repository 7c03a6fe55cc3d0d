import Foundation
import GitspacesTestSupport
import Testing

/// A long-lived child of the test run (a swarm node's dockerd) keeps nothing of the run open but standard input,
/// output and error: a pipe another test reads would otherwise never end, and that test would hang.
@Suite struct BackgroundProcessTests {
    @Test func aChildInheritsNoDescriptorBeyondTheStandardThree() throws {
        let pipe = Pipe()
        let child = try BackgroundProcess("sleep", ["30"])
        defer { child.terminate() }
        let inherited = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(child.pid)/fd")
        #expect(Set(inherited) == ["0", "1", "2"], "the child holds \(inherited)")
        try pipe.fileHandleForWriting.close()
        #expect(pipe.fileHandleForReading.readDataToEndOfFile().isEmpty, "the pipe ends once this process closes it")
    }
}
