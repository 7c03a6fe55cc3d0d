/// A failed call to the Docker Engine: what went wrong, the HTTP status and the engine's own message.
///
/// `description` is one line a user can act on, for example
/// `container create gitspace-alice failed: Conflict. The container name "/gitspace-alice" is already in use … (conflict, HTTP 409)`.
package struct EngineError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure; compare with the static members (`error.code == .notFound`).
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        package var description: String { name }

        /// No engine answers at the configured socket or address.
        package static let unreachable = Code("unreachable")
        /// The engine did not answer within the request's deadline.
        package static let timeout = Code("timeout")
        /// HTTP 400: the engine rejected the request (bad parameters, a broken Dockerfile, …).
        package static let badRequest = Code("badRequest")
        /// HTTP 401/403: the engine or a registry refused access.
        package static let forbidden = Code("forbidden")
        /// HTTP 404: no such container, image, exec instance or registry manifest.
        package static let notFound = Code("notFound")
        /// HTTP 409: a name already in use, or an object in use by another one.
        package static let conflict = Code("conflict")
        /// HTTP 304 where the caller asked for a change (only surfaced where it matters).
        package static let notModified = Code("notModified")
        /// HTTP 5xx or an error reported inside a streamed response (build or pull output).
        package static let server = Code("server")
        /// An image build ran and failed: a step failed, a `COPY` source is missing, the Dockerfile is broken.
        package static let buildFailed = Code("buildFailed")
        /// The engine speaks an API version older than the oldest this client supports.
        package static let unsupportedVersion = Code("unsupportedVersion")
        /// The engine answered something this client cannot read (bad JSON, broken stream framing, a body too large).
        package static let protocolError = Code("protocolError")
        /// A GPU was requested but the engine has no GPU runtime or device driver (for example `nvidia`).
        package static let noGPURuntime = Code("noGPURuntime")
        /// The caller passed something unusable (an unparsable host string, an unreadable build context).
        package static let invalidArgument = Code("invalidArgument")
    }

    /// The kind of failure.
    package var code: Code
    /// The HTTP status the engine answered with, when it answered.
    package var status: Int?
    /// The engine's own message (its JSON `message` or stream `error` field), or what went wrong locally.
    package var message: String
    /// What was being done, for example `container create gitspace-alice` or `image pull busybox:1`.
    package var operation: String
    /// The underlying error, when one caused this one.
    package var cause: (any Error)?

    /// Creates an error.
    package init(
        _ code: Code, status: Int? = nil, message: String, operation: String, cause: (any Error)? = nil
    ) {
        self.code = code
        self.status = status
        self.message = message
        self.operation = operation
        self.cause = cause
    }

    package var description: String {
        if code == .unreachable || code == .unsupportedVersion {
            return message
        }
        let detail = status.map { "\(code), HTTP \($0)" } ?? "\(code)"
        return "\(operation) failed: \(message) (\(detail))"
    }
}
