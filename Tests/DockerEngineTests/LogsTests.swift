import DockerEngine
import GitspacesTestSupport
import Testing

@Suite("container logs")
struct LogsTests {
    @Test func logsOfAFinishedContainerAreDemultiplexedPerStream() async throws {
        try await BusyboxImage.ensure()
        try await withDockerTestScope { docker, scope in
            let id = try await docker.create(
                name: scope.name("logs"),
                spec: scope.spec(cmd: ["sh", "-c", "for i in 1 2 3; do echo line $i; done; echo oops >&2"]))
            try await docker.start(id)
            #expect(try await docker.wait(id) == 0)

            var stdout = ""
            var stderr = ""
            var all = ""
            for try await chunk in try await docker.logs(id, follow: false) {
                if chunk.stream == .stderr { stderr += chunk.text } else { stdout += chunk.text }
                all += chunk.text
            }
            #expect(stdout == "line 1\nline 2\nline 3\n")
            #expect(stderr == "oops\n")

            // The engine logs stdout and stderr through separate pipes, so their relative order may vary:
            // the tail is the last two lines in the engine's own order.
            var tail = ""
            for try await chunk in try await docker.logs(id, follow: false, tail: 2) { tail += chunk.text }
            let lastTwo = all.split(separator: "\n").suffix(2).map { $0 + "\n" }.joined()
            #expect(tail == lastTwo)
        }
    }

    @Test func followedLogsEndWhenTheContainerStops() async throws {
        try await BusyboxImage.ensure()
        try await withDockerTestScope { docker, scope in
            let id = try await docker.create(
                name: scope.name("logs-follow"),
                spec: scope.spec(cmd: ["sh", "-c", "echo start; sleep 1; echo done"]))
            try await docker.start(id)
            var lines: [String] = []
            for try await chunk in try await docker.logs(id, follow: true) {
                lines.append(chunk.text)
            }
            #expect(lines.joined() == "start\ndone\n")
        }
    }

    @Test func logsOfATTYContainerAreOneRawStream() async throws {
        try await BusyboxImage.ensure()
        try await withDockerTestScope { docker, scope in
            let id = try await docker.create(
                name: scope.name("logs-tty"),
                spec: scope.spec(cmd: ["sh", "-c", "echo hello; echo err >&2"], tty: true))
            try await docker.start(id)
            #expect(try await docker.wait(id) == 0)
            var chunks: [OutputChunk] = []
            for try await chunk in try await docker.logs(id) { chunks.append(chunk) }
            #expect(chunks.allSatisfy { $0.stream == .stdout })
            // A terminal turns "\n" into "\r\n".
            #expect(chunks.map(\.text).joined() == "hello\r\nerr\r\n")
        }
    }

    @Test func logsOfAMissingContainerAreNotFound() async throws {
        try await withDockerTestScope { docker, scope in
            let error = try await #require(throws: EngineError.self) {
                try await docker.logs("gitspaces-test-missing-\(scope.caseID)")
            }
            #expect(error.code == .notFound)
        }
    }
}
