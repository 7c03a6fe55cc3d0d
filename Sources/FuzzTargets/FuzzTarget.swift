/// One parser of untrusted input, driven with arbitrary bytes: by libFuzzer (`make fuzz`) and by the corpus tests.
///
/// `run` never traps on any input: the parsers' errors are values and are swallowed here. It traps only when an
/// invariant the product relies on breaks (a diagnostic without a position, a signature that does not verify),
/// which is a bug the fuzzer should report.
package enum FuzzTarget: String, CaseIterable, Sendable {
    /// The YAML loader plus manifest validation, as `gitspaces validate` runs them on one file.
    case manifest
    /// The JSONC reader plus the devcontainer.json reader and an image's `devcontainer.metadata` label.
    case devcontainer
    /// The `devcontainer-feature.json` reader.
    case featureMetadata = "feature-metadata"
    /// The webhook signature check: header lines, an empty line, then the body.
    case webhook
    /// The Docker Engine API decoders: container list and inspect, image inspect, the build progress stream.
    case engineJSON = "engine-json"

    /// Feeds `bytes` to the target's parsers.
    package func run(_ bytes: [UInt8]) {
        switch self {
        case .manifest: Self.manifest(bytes)
        case .devcontainer: Self.devcontainer(bytes)
        case .featureMetadata: Self.featureMetadata(bytes)
        case .webhook: Self.webhook(bytes)
        case .engineJSON: Self.engineJSON(bytes)
        }
    }

    /// Feeds the bytes libFuzzer hands over (`data` may be nil when `count` is 0).
    package func run(_ data: UnsafeRawPointer?, count: Int) {
        run(Array(UnsafeRawBufferPointer(start: data, count: count)))
    }
}
