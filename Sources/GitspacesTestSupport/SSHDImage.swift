package import DockerEngine
import Foundation

/// `gitspaces-test/sshd:1`: the busybox test image plus the host's OpenSSH server, `ssh-keygen` and `git`, each
/// with the shared libraries `ldd` lists, and a user `dev` (uid 1000) the image runs as. Built on top of
/// `BusyboxImage` once per process when missing (no registry, no debootstrap), and kept for later runs.
///
/// The host needs Debian's `openssh-server` (`scripts/ensure-deps.sh` installs it) and `git`.
package enum SSHDImage {
    package static let reference = "gitspaces-test/sshd:1"
    /// The user the image runs as, and so the Gitspace's remote user.
    package static let user = "dev"
    static let binaries = ["/usr/sbin/sshd", "/usr/bin/ssh-keygen", "/usr/bin/git"]

    /// Builds the image unless it is there; concurrent callers share one build.
    package static func ensure() async throws {
        try await BusyboxImage.ensure()
        try await builder.ensure()
    }

    /// The build context: the binaries and their libraries under `rootfs/`, accounts, and a Dockerfile.
    package static func context() throws -> TarArchive {
        var files: Set<String> = []
        for binary in binaries {
            guard FileManager.default.isExecutableFile(atPath: binary) else { throw Missing(path: binary) }
            files.insert(binary)
            files.formUnion(try libraries(of: binary))
        }
        var context = TarArchive()
        for file in files.sorted() {
            guard let contents = FileManager.default.contents(atPath: file) else { throw Missing(path: file) }
            context.addFile("rootfs" + file, contents: Array(contents), mode: 0o755)
        }
        context.addFile(
            "rootfs/etc/passwd",
            contents: """
                root:x:0:0:root:/root:/bin/sh
                sshd:x:100:65534::/run/sshd:/bin/false
                dev:x:1000:1000:dev:/home/dev:/bin/sh

                """)
        context.addFile("rootfs/etc/group", contents: "root:x:0:\nnogroup:x:65534:\ndev:x:1000:\n")
        context.addFile(
            "Dockerfile",
            contents: """
                FROM \(BusyboxImage.reference)
                COPY rootfs/ /
                RUN ["/bin/sh", "-c", "mkdir -p /home/dev /etc/ssh && chown 1000:1000 /home/dev && chmod 700 /root"]
                USER dev

                """)
        return context
    }

    /// The absolute paths `ldd` prints for `binary` (the loader included).
    static func libraries(of binary: String) throws -> [String] {
        let output = try run("ldd", [binary]).stdout
        return output.split(separator: "\n").compactMap { line in
            line.split(whereSeparator: \.isWhitespace).map(String.init).first { $0.hasPrefix("/") }
        }
    }

    struct Missing: Error, CustomStringConvertible {
        var path: String
        var description: String {
            "\(path) is missing: the sshd test image copies the host's openssh-server and git (apt-get install -y openssh-server git)"
        }
    }

    private static let builder = FixtureImageBuilder(reference: reference, fixture: "sshd") {
        try SSHDImage.context()
    }
}
