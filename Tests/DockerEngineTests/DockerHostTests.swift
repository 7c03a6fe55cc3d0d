import Foundation
import Testing

@testable import DockerEngine

@Suite("host strings and references")
struct DockerHostTests {
    @Test(arguments: [
        ("unix:///var/run/docker.sock", DockerHost.unix(path: "/var/run/docker.sock")),
        ("unix:///tmp/a b.sock", .unix(path: "/tmp/a b.sock")),
        ("tcp://127.0.0.1:2375", .tcp(host: "127.0.0.1", port: 2375)),
        ("tcp://docker.example:12375/", .tcp(host: "docker.example", port: 12375)),
        ("tcp://10.0.0.5", .tcp(host: "10.0.0.5", port: 2375)),
        ("tcp://[::1]:2376", .tcp(host: "::1", port: 2376)),
        ("http://localhost:2375", .tcp(host: "localhost", port: 2375)),
    ])
    func parsesHostStrings(string: String, expected: DockerHost) throws {
        #expect(try DockerHost(parsing: string) == expected)
    }

    @Test func describesHostsAsTheyAreWritten() {
        #expect(DockerHost.unix(path: "/var/run/docker.sock").description == "unix:///var/run/docker.sock")
        #expect(DockerHost.tcp(host: "::1", port: 2376).description == "tcp://[::1]:2376")
    }

    @Test func environmentDecidesTheDefaultHost() throws {
        #expect(try DockerHost.fromEnvironment([:]) == .defaultSocket)
        #expect(try DockerHost.fromEnvironment(["DOCKER_HOST": ""]) == .defaultSocket)
        #expect(
            try DockerHost.fromEnvironment(["DOCKER_HOST": "tcp://127.0.0.1:2375"])
                == .tcp(host: "127.0.0.1", port: 2375))
        #expect(throws: EngineError.self) { try DockerHost.fromEnvironment(["DOCKER_HOST": "ssh://me@host"]) }
    }

    @Test(arguments: [
        ("busybox", "busybox", "latest"),
        ("busybox:1.36", "busybox", "1.36"),
        ("127.0.0.1:5000/team/app", "127.0.0.1:5000/team/app", "latest"),
        ("127.0.0.1:5000/team/app:2", "127.0.0.1:5000/team/app", "2"),
        ("app@sha256:abc", "app", "sha256:abc"),
    ])
    func splitsImageReferencesIntoNameAndTag(reference: String, name: String, tag: String) {
        let split = DockerClient.splitReference(reference)
        #expect(split.name == name)
        #expect(split.tag == tag)
    }

    @Test func apiVersionsCompareNumerically() {
        #expect(APIVersion("1.41")! < APIVersion("1.100")!)
        #expect(APIVersion("1.45") == APIVersion(1, 45))
        #expect(APIVersion("1") == nil)
        #expect(APIVersion("1.x") == nil)
        #expect(min(APIVersion(1, 47), DockerClient.maximumAPIVersion).description == "1.45")
    }

    @Test func engineDatesParseNanosecondsAndTreatYearOneAsNever() throws {
        let date = try #require(EngineDate.parse("2024-05-06T07:08:09.123456789Z"))
        #expect(abs(date.timeIntervalSince1970 - 1_714_979_289.123456789) < 0.000_001)
        #expect(EngineDate.parse("2024-05-06T07:08:09Z")?.timeIntervalSince1970 == 1_714_979_289)
        #expect(EngineDate.parse("2024-05-06T09:08:09.5+02:00")?.timeIntervalSince1970 == 1_714_979_289.5)
        #expect(EngineDate.parse("0001-01-01T00:00:00Z") == nil)
        #expect(EngineDate.parse("") == nil)
    }

    @Test func errorsOfTheEngineCarryItsMessageAndAStatusCode() {
        var body = Array(#"{"message":"No such container: x"}"#.utf8)
        let notFound = DockerClient.error(status: 404, bytes: body, operation: "container inspect x")
        #expect(notFound.code == .notFound)
        #expect(notFound.message == "No such container: x")
        #expect(notFound.description == "container inspect x failed: No such container: x (notFound, HTTP 404)")
        body = Array("plain text failure\n".utf8)
        #expect(DockerClient.error(status: 500, bytes: body, operation: "op").message == "plain text failure")
        #expect(DockerClient.error(status: 500, bytes: body, operation: "op").code == .server)
        body = Array(#"{"message":"could not select device driver \"\" with capabilities: [[gpu]]"}"#.utf8)
        #expect(DockerClient.error(status: 500, bytes: body, operation: "op").code == .noGPURuntime)
    }
}
