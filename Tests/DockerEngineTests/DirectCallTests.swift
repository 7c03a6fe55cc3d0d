import DockerEngine
import Foundation
import GitspacesTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Command-line runs send their short calls over a socket of their own (`directCalls`): the same answers and
/// errors as through AsyncHTTPClient, from the real engine, and AsyncHTTPClient is only started by a stream.
@Suite("calls on a socket of their own")
struct DirectCallTests {
    @Test func shortCallsReachTheRealEngineWithoutStartingThePool() async throws {
        try await BusyboxImage.ensure()
        try await withDockerTestScope(directCalls: true) { docker, scope in
            #expect(try await docker.apiVersion() >= DockerClient.minimumAPIVersion)
            // A label of 100 KiB makes the list answer long enough for the engine to send it chunked.
            let large = String(repeating: "0123456789abcdef", count: 6400)
            let name = scope.name("direct")
            let id = try await docker.create(
                name: name, spec: scope.spec(cmd: ["sleep", "600"], extraLabels: ["dev.gitspaces.large": large]))
            let listed = try await docker.list(labels: [DockerTestScope.caseLabelKey: scope.caseID])
            #expect(listed.map(\.id) == [id])
            #expect(listed.first?.labels["dev.gitspaces.large"] == large)
            #expect(try await docker.inspect(name)?.id == id)
            #expect(try await docker.inspect(scope.name("missing")) == nil)

            let duplicate = await #expect(throws: EngineError.self) {
                try await docker.create(name: name, spec: scope.spec(cmd: ["true"]))
            }
            #expect(duplicate?.code == .conflict)
            #expect(duplicate?.status == 409)
            #expect(duplicate?.message.contains("already in use") == true, "\(String(describing: duplicate))")
            #expect(!docker.isPoolStarted, "no call so far needed AsyncHTTPClient")

            try await docker.start(id)
            var logs = try await docker.logs(id, tail: 1).makeAsyncIterator()
            _ = try await logs.next()
            #expect(docker.isPoolStarted, "a stream starts AsyncHTTPClient")
            #expect(try await docker.remove(id, force: true, volumes: true))
        }
    }

    @Test func anUnreachableSocketIsUnreachableNamingIt() async throws {
        let docker = try DockerClient(host: "unix:///tmp/nonexistent.sock", directCalls: true)
        let error = await #expect(throws: EngineError.self) { try await docker.list() }
        try await docker.shutdown()
        #expect(error?.code == .unreachable)
        #expect(error?.description.contains("unix:///tmp/nonexistent.sock") == true)
        #expect(error?.description.contains("is dockerd running?") == true)
    }

    @Test func anEngineThatNeverAnswersTimesOutAndACancelledCallEndsCancelled() async throws {
        let silent = try SilentListener()
        defer { silent.close() }
        let impatient = try DockerClient(
            host: "tcp://127.0.0.1:\(silent.port)", requestTimeout: .milliseconds(300), directCalls: true)
        let error = await #expect(throws: EngineError.self) { try await impatient.list() }
        #expect(error?.code == .timeout, "\(String(describing: error))")
        try await impatient.shutdown()

        // Without cancellation this call would end in a timeout after five minutes: the outcome tells them apart
        // without timing anything (a loaded machine may take a while to run the cancelled task).
        let patient = try DockerClient(
            host: "tcp://127.0.0.1:\(silent.port)", requestTimeout: .seconds(300), directCalls: true)
        let call = Task { try await patient.list() }
        // Cancelled once it is connected (waiting in the listener's backlog).
        try #require(silent.waitForAConnection(), "the call never connected")
        call.cancel()
        let result = await call.result
        #expect(throws: CancellationError.self) { try result.get() }
        try await patient.shutdown()
    }

    /// A child started while a call is under way (an `ssh`, a `git`, another test's process) must not hold the
    /// engine's connection.
    @Test func engineSocketsAreClosedOnExec() throws {
        let silent = try SilentListener()
        defer { silent.close() }
        for host in [DockerHost.unix(path: "/var/run/docker.sock"), .tcp(host: "127.0.0.1", port: silent.port)] {
            let descriptor = try DockerClient.connectSocket(host, operation: "test")
            defer { _ = Glibc.close(descriptor) }
            #expect(fcntl(descriptor, F_GETFD) & FD_CLOEXEC != 0, "\(host)")
        }
    }

    @Test func answersAreReadWhateverTheirFraming() throws {
        func parse(_ text: String) throws -> DirectAnswer { try DirectAnswer(parsing: Array(text.utf8)) }
        let sized = try parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nApi-Version: 1.45\r\n\r\nhello")
        #expect(sized.status == 200 && sized.text == "hello" && sized.header("api-version") == "1.45")
        let chunked = try parse(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: a\r\n\r\n"
        )
        #expect(chunked.text == "hello world")
        let closed = try parse("HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\n\r\nno such container")
        #expect(closed.status == 404 && closed.text == "no such container")
        let empty = try parse("HTTP/1.1 204 No Content\r\n\r\n")
        #expect(empty.status == 204 && empty.body.isEmpty)

        for broken in [
            "", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nhello",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel", "SSH-2.0-OpenSSH\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "HTTP/1.1 200 OK\r\nno colon\r\n\r\n",
        ] {
            let error = #expect(throws: EngineError.self, "\(broken.debugDescription)") { try parse(broken) }
            #expect(error?.code == .protocolError)
        }
        let tooLarge = #expect(throws: EngineError.self) {
            try DirectAnswer(parsing: Array("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nhello world".utf8), limit: 10)
        }
        #expect(tooLarge?.message.contains("larger than 10 bytes") == true)
    }
}

/// A loopback TCP port that accepts connections (the kernel's backlog) and never answers.
final class SilentListener: Sendable {
    let descriptor: Int32
    let port: Int

    init() throws {
        // Closed on exec: children other tests start must not hold it.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        let listening = bound == 0 && listen(listener, 16) == 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        descriptor = listener
        port = Int(UInt16(bigEndian: address.sin_port))
        try #require(listening, "cannot listen on loopback: errno \(errno)")
    }

    /// Waits (at most a minute) until a connection is waiting to be accepted; false if none came.
    func waitForAConnection() -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, 60_000) == 1
    }

    func close() {
        _ = Glibc.close(descriptor)
    }
}
