package import DockerEngine
import Foundation

/// `gitspaces-test/busybox:1`: Debian's static busybox in an image built from scratch with `DockerClient.buildImage`
/// (no registry involved). Built once per process when missing, and kept for later runs.
package enum BusyboxImage {
    package static let reference = "gitspaces-test/busybox:1"
    static let busyboxPath = "/bin/busybox"

    /// Builds the image unless it is there; concurrent callers share one build.
    package static func ensure() async throws {
        try await builder.ensure()
    }

    /// The build context: the static binary, then `busybox --install` for the applet links.
    package static func context() throws -> TarArchive {
        guard let binary = FileManager.default.contents(atPath: busyboxPath) else {
            throw BusyboxMissing()
        }
        var context = TarArchive()
        context.addFile("busybox", contents: Array(binary), mode: 0o755)
        context.addFile(
            "Dockerfile",
            contents: """
                FROM scratch
                COPY busybox /bin/busybox
                RUN ["/bin/busybox", "sh", "-c", "/bin/busybox --install -s /bin && mkdir -p /tmp /root && chmod 1777 /tmp"]
                CMD ["sh"]

                """)
        return context
    }

    struct BusyboxMissing: Error, CustomStringConvertible {
        var description: String {
            "\(BusyboxImage.busyboxPath) is missing: install Debian's busybox-static (apt-get install -y busybox-static)"
        }
    }

    private static let builder = FixtureImageBuilder(reference: reference, fixture: "busybox") {
        try BusyboxImage.context()
    }
}
