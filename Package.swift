// swift-tools-version: 6.1
import PackageDescription

let upcoming: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

var package = Package(
    name: "gitspaces",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "gitspaces", targets: ["gitspaces"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        // The daemon's HTTP server; swift-configuration support is not used, so its trait is off.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // System-library shims: a module map and a header, nothing else.
        .systemLibrary(name: "CLibYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "CGit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // Helpers every layer shares: the one JSON writer, suggestions, hashing (swift-crypto) and the bounded
        // pool for blocking work. A leaf: no other module of ours.
        .target(
            name: "Shared",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: upcoming
        ),

        // Masks credentials in URLs and messages: the one rule every printed, logged or labelled text follows.
        .target(name: "Redaction", swiftSettings: upcoming),

        // Wrappers: C types never leave these modules.
        .target(name: "YAMLKit", dependencies: ["CLibYAML"], swiftSettings: upcoming),
        .target(name: "GitKit", dependencies: ["CGit2", "Redaction"], swiftSettings: upcoming),

        // devcontainer.json: a JSONC reader, the config model, merging and variables. No I/O.
        .target(name: "DevContainer", dependencies: ["Shared"], swiftSettings: upcoming),

        // Docker Engine API client over the unix socket (or tcp:// from DOCKER_HOST).
        .target(
            name: "DockerEngine",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcoming
        ),

        // The pure core: manifests, validation, planning. No I/O.
        .target(name: "GitspacesCore", dependencies: ["YAMLKit", "Redaction", "Shared"], swiftSettings: upcoming),

        // The edges: reading config from folders and git, later the engine and the daemon.
        .target(
            name: "Reconciler",
            dependencies: [
                "GitspacesCore", "GitKit", "DockerEngine", "DevContainer", "CZlib", "Redaction", "Shared",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: upcoming
        ),

        // The long-running daemon: the reconcile loop, its HTTP server on Hummingbird (webhook, status, metrics),
        // events. It reaches git and devcontainer.json only through Reconciler, and engines only through its seam.
        .target(
            name: "GitspacesDaemon",
            dependencies: [
                "GitspacesCore", "Reconciler", "DockerEngine", "Redaction", "Shared",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: upcoming
        ),

        // The command line: commands live in a library the tests call; the executable is thin.
        .target(
            name: "GitspacesCLI",
            dependencies: [
                "GitspacesCore", "Reconciler", "GitKit", "DockerEngine", "DevContainer", "GitspacesDaemon", "Redaction",
                "Shared", "YAMLKit",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: upcoming
        ),
        .executableTarget(name: "gitspaces", dependencies: ["GitspacesCLI"], swiftSettings: upcoming),

        // In-process benchmarks (the planner, workspaces), run by `make bench`.
        .executableTarget(
            name: "gitspaces-bench", dependencies: ["GitspacesCore", "GitKit", "Reconciler"], swiftSettings: upcoming),
        // A test swarm (GitspacesTestSupport's SwarmCluster) outside the tests, for the swarm benchmark (needs root).
        .executableTarget(
            name: "gitspaces-testswarm", dependencies: ["GitspacesTestSupport"], swiftSettings: upcoming),

        // Fixtures for tests: temporary repositories, a git daemon, process helpers.
        .target(
            name: "GitspacesTestSupport",
            dependencies: [
                "GitKit", "DockerEngine", "DevContainer", "Shared",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: upcoming
        ),

        // Tests' scope: a wide thread pool for the suites that poll daemons, and their waits.
        .target(name: "GitspacesTestScope", swiftSettings: upcoming),

        // Parsers of untrusted input as functions of bytes: libFuzzer drives them (`make fuzz`), FuzzCorpusTests
        // replays the committed corpus through them.
        .target(
            name: "FuzzTargets", dependencies: ["GitspacesCore", "DevContainer", "DockerEngine", "GitspacesDaemon"],
            swiftSettings: upcoming),

        .testTarget(name: "SharedTests", dependencies: ["Shared"], swiftSettings: upcoming),
        .testTarget(
            name: "FuzzCorpusTests",
            dependencies: ["FuzzTargets", "GitspacesCore", "DevContainer", "DockerEngine", "GitspacesDaemon"],
            swiftSettings: upcoming),
        .testTarget(name: "YAMLKitTests", dependencies: ["YAMLKit"], swiftSettings: upcoming),
        .testTarget(
            name: "GitKitTests", dependencies: ["GitKit", "GitspacesTestSupport"], swiftSettings: upcoming),
        .testTarget(
            name: "ReconcilerTests",
            dependencies: ["Reconciler", "GitspacesCore", "DockerEngine", "GitspacesTestSupport"],
            swiftSettings: upcoming
        ),
        .testTarget(name: "DevContainerTests", dependencies: ["DevContainer", "Shared"], swiftSettings: upcoming),
        .testTarget(
            name: "DockerEngineTests", dependencies: ["DockerEngine", "GitspacesTestSupport"], swiftSettings: upcoming),
        .testTarget(
            name: "GitspacesCoreTests", dependencies: ["GitspacesCore", "YAMLKit", "Redaction"],
            swiftSettings: upcoming),
        .testTarget(
            name: "GitspacesCLITests",
            dependencies: ["GitspacesCLI", "Reconciler", "GitspacesTestSupport", "DockerEngine", "gitspaces"],
            swiftSettings: upcoming
        ),
        // A real Docker Swarm of namespaced engines (needs root): the swarm engine API, placement and the backend.
        .testTarget(
            name: "SwarmTests",
            dependencies: [
                "GitspacesTestScope",
                "DockerEngine", "GitspacesTestSupport", "Reconciler", "GitspacesCore", "GitspacesDaemon", "gitspaces",
            ],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "DaemonTests",
            dependencies: [
                "GitspacesTestScope",
                "GitspacesDaemon", "Reconciler", "GitspacesCore", "GitspacesTestSupport", "DockerEngine", "gitspaces",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ],
            swiftSettings: upcoming
        ),
    ]
)

// The libFuzzer executables, one per FuzzTarget case: declared only for `make fuzz` (GITSPACES_FUZZ=1, its own
// scratch path and -sanitize=fuzzer,address), so a normal build neither builds nor needs them.
if Context.environment["GITSPACES_FUZZ"] == "1" {
    for name in ["Manifest", "DevContainer", "FeatureMetadata", "Webhook", "EngineJSON"] {
        package.targets.append(
            .executableTarget(
                name: "Fuzz\(name)", dependencies: ["FuzzTargets"], path: "Sources/Fuzz/\(name)",
                swiftSettings: upcoming))
    }
}
