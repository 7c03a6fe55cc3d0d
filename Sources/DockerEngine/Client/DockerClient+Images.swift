internal import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

extension DockerClient {
    /// How long the engine may take to start answering a build or pull (the stream itself is not bound).
    static let streamingHeadDeadline: Duration = .seconds(3600)

    /// Inspects an image by reference or ID; `nil` when there is none.
    package func inspectImage(_ reference: String) async throws -> ImageDetails? {
        do {
            return try await performJSON(
                ImageDetails.self, .get("/images/\(URLEscaping.path(reference))/json"),
                operation: "image inspect \(reference)", accept: [200])
        } catch let error as EngineError where error.code == .notFound {
            return nil
        }
    }

    /// Lists images carrying all of `labels` (a `nil` value matches any value of that key), in one call.
    package func listImages(labels: [String: String?] = [:]) async throws -> [ImageSummary] {
        var query: [EngineRequest.QueryItem] = []
        if !labels.isEmpty {
            query.append(try .init("filters", json: ["label": Self.labelTerms(labels)]))
        }
        return try await performJSON(
            [ImageSummary].self, .get("/images/json", query: query), operation: "image list", accept: [200])
    }

    /// Pulls an image (`name:tag`, `name@sha256:…`; `:latest` when neither is given) from its registry.
    ///
    /// - Parameter progress: receives each progress line as the engine sends it.
    /// - Throws: an `EngineError` with the engine's message, whether it answers with an error status or reports the
    ///   failure inside its `200 OK` stream (`.notFound` for a missing repository or tag, `.forbidden` when the
    ///   registry refuses access).
    package func pullImage(_ reference: String, progress: (@Sendable (ProgressMessage) -> Void)? = nil) async throws {
        let operation = "image pull \(reference)"
        let (name, tag) = Self.splitReference(reference)
        let response = try await send(
            .post("/images/create", query: [.init("fromImage", name), .init("tag", tag)]), operation: operation,
            deadline: Self.streamingHeadDeadline)
        guard response.status.code == 200 else { throw await error(from: response, operation: operation) }
        try await readProgress(response.body, operation: operation) { message in
            if let failure = message.failure {
                throw EngineError(Self.codeForStreamedFailure(failure), message: failure, operation: operation)
            }
            progress?(message)
        }
    }

    /// Builds an image with the engine's builder and returns its ID (`sha256:…`).
    ///
    /// - Parameters:
    ///   - tag: `name:tag` to give the image.
    ///   - dockerfile: the Dockerfile's path inside the context.
    ///   - target: the stage to build in a multi-stage Dockerfile.
    ///   - output: receives the builder's output text as it arrives.
    /// - Throws: `.buildFailed` with the engine's message when the build fails (a broken Dockerfile, a failing `RUN`
    ///   step, a missing `COPY` source), whether the engine reports it as an error status or inside its stream.
    @discardableResult
    package func buildImage(
        context: BuildContext, tag: String? = nil, dockerfile: String = "Dockerfile",
        buildArgs: [String: String] = [:], target: String? = nil, labels: [String: String] = [:],
        noCache: Bool = false, pull: Bool = false, output: (@Sendable (String) -> Void)? = nil
    ) async throws -> String {
        let operation = "image build \(tag ?? dockerfile)"
        var query: [EngineRequest.QueryItem] = [
            .init("dockerfile", dockerfile), .init("rm", true), .init("forcerm", true),
        ]
        if let tag { query.append(.init("t", tag)) }
        if let target { query.append(.init("target", target)) }
        if !buildArgs.isEmpty { query.append(try .init("buildargs", json: buildArgs)) }
        if !labels.isEmpty { query.append(try .init("labels", json: labels)) }
        if noCache { query.append(.init("nocache", true)) }
        if pull { query.append(.init("pull", true)) }

        var request = EngineRequest.post("/build", query: query)
        request.contentType = "application/x-tar"
        switch context {
        case .tar(let bytes):
            request.body = .bytes(ByteBuffer(bytes: bytes))
        case .tarFile(let path):
            guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber else {
                throw EngineError(
                    .invalidArgument, message: "cannot read the build context \(path)", operation: operation)
            }
            request.body = .stream(FileChunks(path: path), length: .known(size.int64Value))
        }

        let response = try await send(request, operation: operation, deadline: Self.streamingHeadDeadline)
        guard response.status.code == 200 else {
            var failure = await error(from: response, operation: operation)
            if failure.code == .badRequest || failure.code == .server { failure.code = .buildFailed }
            throw failure
        }
        var imageID: String?
        var lastOutput = ""
        var reportedShortID: String?
        try await readProgress(response.body, operation: operation) { message in
            if let failure = message.failure {
                throw EngineError(.buildFailed, message: failure, operation: operation)
            }
            if let id = message.aux?.id { imageID = id }
            if let text = message.stream {
                lastOutput = text
                if text.hasPrefix("Successfully built ") {
                    reportedShortID = String(text.dropFirst("Successfully built ".count))
                        .trimmingCharacters(in: .whitespacesAndNewlines)
                }
                output?(text)
            }
        }
        if let imageID { return imageID }
        // Builders that send no `aux` record only print "Successfully built 0123abcd…".
        if let reportedShortID, let image = try await inspectImage(reportedShortID) { return image.id }
        if let tag, let image = try await inspectImage(tag) { return image.id }
        throw EngineError(
            .protocolError, status: 200,
            message:
                "the build ended without an image ID; last output: \(lastOutput.trimmingCharacters(in: .whitespacesAndNewlines))",
            operation: operation)
    }

    /// Removes an image (or one of its tags); returns `false` when there was none.
    ///
    /// - Throws: `.conflict` when a container uses it (unless `force`).
    @discardableResult
    package func removeImage(_ reference: String, force: Bool = false, prune: Bool = true) async throws -> Bool {
        let (status, _) = try await perform(
            .delete(
                "/images/\(URLEscaping.path(reference))", query: [.init("force", force), .init("noprune", !prune)]),
            operation: "image remove \(reference)", accept: [200, 404])
        return status != 404
    }

    /// Gives an image another name: `tagImage("busybox:1", as: "registry:5000/busybox:1")`.
    package func tagImage(_ source: String, as target: String) async throws {
        let (repository, tag) = Self.splitReference(target)
        _ = try await perform(
            .post("/images/\(URLEscaping.path(source))/tag", query: [.init("repo", repository), .init("tag", tag)]),
            operation: "image tag \(source) \(target)", accept: [201, 200])
    }

    /// `name:tag` → (`name`, `tag`); `name@digest` → (`name`, `digest`); a bare name gets `latest` (the engine
    /// would otherwise pull every tag).
    static func splitReference(_ reference: String) -> (name: String, tag: String) {
        if let at = reference.firstIndex(of: "@") {
            return (String(reference[..<at]), String(reference[reference.index(after: at)...]))
        }
        let lastSlash = reference.lastIndex(of: "/") ?? reference.startIndex
        if let colon = reference[lastSlash...].lastIndex(of: ":") {
            return (String(reference[..<colon]), String(reference[reference.index(after: colon)...]))
        }
        return (reference, "latest")
    }

    /// A failure reported inside a pull stream, sorted by what the registry said.
    static func codeForStreamedFailure(_ message: String) -> EngineError.Code {
        let lowered = message.lowercased()
        if lowered.contains("not found") || lowered.contains("manifest unknown") || lowered.contains("does not exist") {
            return .notFound
        }
        if lowered.contains("unauthorized") || lowered.contains("denied") { return .forbidden }
        return .server
    }

    /// Reads a JSON-lines progress stream, handing each decoded line to `handle` (which may throw to stop).
    func readProgress(
        _ body: HTTPClientResponse.Body, operation: String, _ handle: (ProgressMessage) throws -> Void
    ) async throws {
        var splitter = JSONLineSplitter()
        let decoder = JSONDecoder()
        func process(_ line: [UInt8]) throws {
            do {
                try handle(try decoder.decode(ProgressMessage.self, from: Data(line)))
            } catch let error as EngineError {
                throw error
            } catch {
                throw EngineError(
                    .protocolError, status: 200,
                    message: "unreadable progress line: \(String(decoding: line.prefix(200), as: UTF8.self))",
                    operation: operation, cause: error)
            }
        }
        do {
            for try await buffer in body {
                for line in try splitter.feed(buffer.readableBytesView) { try process(line) }
            }
            if let last = splitter.finish() { try process(last) }
        } catch {
            throw Self.readFailure(error, reading: "the engine's progress stream", operation: operation)
        }
    }
}
