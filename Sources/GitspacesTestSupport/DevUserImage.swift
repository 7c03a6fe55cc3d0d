package import DockerEngine

/// `gitspaces-test/busybox-dev:1`: the busybox test image with a non-root user `dev` (uid and gid 1234) whose home is
/// `/home/dev`, for tests of what runs as a devcontainer's `remoteUser`. Built once per process when missing, and
/// kept for later runs.
package enum DevUserImage {
    package static let reference = "gitspaces-test/busybox-dev:1"
    package static let user = "dev"
    package static let uid = 1234
    package static let home = "/home/dev"

    /// Builds the image (and the busybox image under it) unless it is there; concurrent callers share one build.
    package static func ensure() async throws {
        try await BusyboxImage.ensure()
        try await builder.ensure()
    }

    private static let builder = FixtureImageBuilder(reference: reference, fixture: "busybox-dev") {
        var context = TarArchive()
        context.addFile(
            "Dockerfile",
            contents: """
                FROM \(BusyboxImage.reference)
                RUN mkdir -p /etc \(home) && echo 'root:x:0:0::/root:/bin/sh' > /etc/passwd \\
                    && echo '\(user):x:\(uid):\(uid)::\(home):/bin/sh' >> /etc/passwd \\
                    && printf 'root:x:0:\\n\(user):x:\(uid):\\n' > /etc/group && chown \(uid):\(uid) \(home)

                """)
        return context
    }
}
