internal import AsyncHTTPClient
import DevContainer
import DockerEngine
import Foundation
import NIOCore
import NIOHTTP1
import Shared

/// A devcontainer Feature as its publisher pushes it to a registry: the layer (a plain or gzip tar of
/// `devcontainer-feature.json`, `install.sh` and any other files), the config blob and the OCI manifest with the
/// reference's media types and `dev.containers.metadata` annotation.
///
/// ```swift
/// let registry = try DockerRegistry()
/// let feature = try TestFeature(id: "hello")
/// let digest = try await feature.publish(to: registry.address, repository: "features/hello", tag: "1")
/// ```
package struct TestFeature: Sendable {
    /// The feature's id in `devcontainer-feature.json`.
    package let id: String
    /// The layer blob as pushed (gzip when asked for).
    package let layer: [UInt8]
    /// The config blob (`{}`).
    package let config: [UInt8]
    /// The manifest as pushed.
    package let manifest: [UInt8]

    /// `sha256:…` of the manifest: what the registry answers for the tag, and what a lock file records.
    package var manifestDigest: String { Self.digest(manifest) }
    /// `sha256:…` of the layer.
    package var layerDigest: String { Self.digest(layer) }
    /// `sha256:…` of the config.
    package var configDigest: String { Self.digest(config) }

    package static let manifestMediaType = "application/vnd.oci.image.manifest.v1+json"

    /// Builds a feature.
    ///
    /// - Parameters:
    ///   - files: extra files by path, or replacements for the defaults (`devcontainer-feature.json`,
    ///     `install.sh`, which writes `/usr/local/share/<id>-installed`).
    ///   - gzip: whether the layer is gzip-compressed, as `devcontainer features publish` does.
    ///   - layer: a layer to push instead of the built one (a hostile archive, for example).
    package init(
        id: String = "hello", version: String = "1.0.0", files: [String: String] = [:], gzip: Bool = false,
        layer: [UInt8]? = nil, configMediaType: String = "application/vnd.devcontainers",
        layerMediaType: String = "application/vnd.devcontainers.layer.v1+tar"
    ) throws {
        self.id = id
        let metadata = """
            {"id": "\(id)", "version": "\(version)", "name": "\(id)", "options": {"greeting": {"type": "string", \
            "default": "hello"}}}
            """
        var contents = [
            "devcontainer-feature.json": metadata,
            "install.sh": "#!/bin/sh\nset -e\necho \"$GREETING\" > /usr/local/share/\(id)-installed\n",
        ]
        contents.merge(files) { _, new in new }
        var archive = TarArchive()
        for (path, text) in contents.sorted(by: { $0.key < $1.key }) {
            archive.addFile(path, contents: text, mode: path.hasSuffix(".sh") ? 0o755 : 0o644)
        }
        var tar = layer ?? archive.bytes
        if gzip { tar = try Self.gzipped(tar) }
        self.layer = tar
        config = Array("{}".utf8)
        let document = Manifest(
            schemaVersion: 2, mediaType: Self.manifestMediaType,
            config: Descriptor(mediaType: configMediaType, digest: Self.digest(config), size: config.count),
            layers: [
                Descriptor(
                    mediaType: layerMediaType, digest: Self.digest(tar), size: tar.count,
                    annotations: ["org.opencontainers.image.title": "devcontainer-feature-\(id).tgz"])
            ],
            annotations: [
                "dev.containers.metadata": contents["devcontainer-feature.json"] ?? metadata,
                "com.github.package.type": "devcontainer_feature",
            ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        manifest = Array(try encoder.encode(document))
    }

    private struct Manifest: Encodable {
        var schemaVersion: Int
        var mediaType: String
        var config: Descriptor
        var layers: [Descriptor]
        var annotations: [String: String]
    }

    private struct Descriptor: Encodable {
        var mediaType: String
        var digest: String
        var size: Int
        var annotations: [String: String]?
    }

    /// `sha256:` + the hex SHA-256 of `bytes`.
    package static func digest(_ bytes: [UInt8]) -> String {
        "sha256:" + Hashing.sha256Hex(bytes)
    }

    /// `bytes` compressed by the system's `gzip -n`.
    package static func gzipped(_ bytes: [UInt8]) throws -> [UInt8] {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.appending("layer.tar")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        try run("gzip", ["-n", "-f", path])
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path + ".gz")))
    }

    /// Pushes the config and layer blobs (`POST /v2/NAME/blobs/uploads/`, then `PUT …?digest=`) and the manifest
    /// under `tag` to the plain-HTTP registry at `address` (`127.0.0.1:PORT`); returns the manifest digest.
    package func publish(to address: String, repository: String, tag: String) async throws -> String {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let base = "http://\(address)/v2/\(repository)"
            for blob in [config, layer] {
                var start = HTTPClientRequest(url: "\(base)/blobs/uploads/")
                start.method = .POST
                let started = try await client.execute(start, timeout: .seconds(30))
                _ = try await started.body.collect(upTo: 1 << 20)
                guard started.status.code == 202, let location = started.headers.first(name: "Location") else {
                    throw PublishFailure(step: "POST \(base)/blobs/uploads/", status: Int(started.status.code))
                }
                let absolute = location.hasPrefix("http") ? location : "http://\(address)\(location)"
                let separator = absolute.contains("?") ? "&" : "?"
                var upload = HTTPClientRequest(url: "\(absolute)\(separator)digest=\(Self.digest(blob))")
                upload.method = .PUT
                upload.headers.add(name: "Content-Type", value: "application/octet-stream")
                upload.body = .bytes(ByteBuffer(bytes: blob))
                let uploaded = try await client.execute(upload, timeout: .seconds(30))
                _ = try await uploaded.body.collect(upTo: 1 << 20)
                guard uploaded.status.code == 201 else {
                    throw PublishFailure(step: "PUT blob \(Self.digest(blob))", status: Int(uploaded.status.code))
                }
            }
            var put = HTTPClientRequest(url: "\(base)/manifests/\(tag)")
            put.method = .PUT
            put.headers.add(name: "Content-Type", value: Self.manifestMediaType)
            put.body = .bytes(ByteBuffer(bytes: manifest))
            let answered = try await client.execute(put, timeout: .seconds(30))
            let body = try await answered.body.collect(upTo: 1 << 20)
            guard answered.status.code == 201 else {
                throw PublishFailure(
                    step: "PUT manifest \(tag): \(String(buffer: body))", status: Int(answered.status.code))
            }
            try await client.shutdown()
            return manifestDigest
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// A registry refused a step of publishing.
    package struct PublishFailure: Error, CustomStringConvertible {
        package var step: String
        package var status: Int
        package var description: String { "publishing a test feature failed at \(step) (HTTP \(status))" }
    }
}
