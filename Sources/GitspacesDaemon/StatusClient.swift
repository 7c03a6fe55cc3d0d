import AsyncHTTPClient
package import Foundation
import NIOCore
import NIOHTTP1

/// Asks a running daemon over HTTP: `gitspaces status` and `gitspaces events`, and the tests.
package struct StatusClient: Sendable {
    /// `host:port`.
    package let address: String
    /// How long a request may take, answer included.
    package let timeout: Duration

    package init(address: String, timeout: Duration = .seconds(10)) {
        self.address = address
        self.timeout = timeout
    }

    package struct Reply: Sendable {
        package var status: Int
        package var body: Data
    }

    /// One request; throws when nothing answers at the address.
    package func request(
        _ method: String, _ path: String, headers: [String: String] = [:], body: [UInt8]? = nil
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: "http://\(address)\(path)")
        request.method = .init(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        // No daemon listening should answer at once: AHC's default retries a refused connect until its timeout.
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(2))
        configuration.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(Int64(timeout.inSeconds * 1e9)))
            let bytes = try await response.body.collect(upTo: 64 << 20)
            try? await client.shutdown()
            return Reply(status: Int(response.status.code), body: Data(bytes.readableBytesView))
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    package func report(name: String? = nil) async throws -> StatusReport? {
        let reply = try await request("GET", "/status" + (name.map { "/\($0)" } ?? ""))
        guard reply.status == 200 else { return nil }
        return try StatusReport.decode(reply.body)
    }

    package func events(name: String, last: Int? = nil) async throws -> [GitspaceEvent]? {
        let reply = try await request("GET", "/events/\(name)" + (last.map { "?last=\($0)" } ?? ""))
        guard reply.status == 200 else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode([GitspaceEvent].self, from: reply.body)
    }
}
