/// A devcontainer Feature that could not be fetched: what went wrong, the reference it was fetched for, and the
/// underlying error.
///
/// `description` is one line that names the reference and says what to do, for example
/// `feature 127.0.0.1:5000/features/hello:1: the registry refused the credentials from /root/.docker/config.json
/// (HTTP 401): check them (unauthorized)`. It never contains a credential or a token.
package struct FeatureFetchError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure; compare with the static members (`error.code == .digestMismatch`).
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        package var description: String { name }

        /// The registry or web server could not be reached, or the connection broke.
        package static let unreachable = Code("unreachable")
        /// The registry has no such repository, tag, digest or blob, or the URL answered 404.
        package static let notFound = Code("notFound")
        /// The registry asked for credentials and none were found, or it refused the ones given.
        package static let unauthorized = Code("unauthorized")
        /// Plain HTTP to a host that is neither loopback nor listed as an insecure registry.
        package static let insecureTransport = Code("insecureTransport")
        /// The content does not hash to the digest it was asked for or that the manifest names.
        package static let digestMismatch = Code("digestMismatch")
        /// The content does not hash to the digest in `devcontainer-lock.json`.
        package static let lockedDigestMismatch = Code("lockedDigestMismatch")
        /// The manifest is not a devcontainer Feature (media types, layer count) or not readable JSON.
        package static let invalidManifest = Code("invalidManifest")
        /// The archive is not a readable (gzip) tar.
        package static let invalidArchive = Code("invalidArchive")
        /// The archive has an entry that would write outside its folder, or a device file.
        package static let unsafeArchive = Code("unsafeArchive")
        /// An unexpected HTTP status, or an answer this client cannot read.
        package static let protocolError = Code("protocolError")
        /// The features cache could not be read or written.
        package static let cache = Code("cache")
        /// The reference or URL itself cannot be used (not a URL, an unsupported scheme).
        package static let invalidReference = Code("invalidReference")
    }

    /// The kind of failure.
    package var code: Code
    /// What went wrong and what to do, without the reference (which `description` adds).
    package var message: String
    /// The feature reference as fetched: `REGISTRY/REPOSITORY:TAG`, `REGISTRY/REPOSITORY@sha256:…` or the URL.
    package var reference: String
    /// The underlying error, when one caused this one.
    package var cause: (any Error)?

    /// Creates an error.
    package init(_ code: Code, message: String, reference: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.reference = reference
        self.cause = cause
    }

    package var description: String {
        "feature \(reference): \(message) (\(code))"
    }
}
