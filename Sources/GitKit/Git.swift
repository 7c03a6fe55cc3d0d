internal import CGit2
import Foundation

/// Process-wide libgit2 facts and settings.
///
/// libgit2 is initialised once, lazily and thread-safely, the first time GitKit needs it, and is never
/// shut down: other threads may still hold repositories when the process ends.
package enum Git {
    /// The version of the libgit2 library GitKit runs on, for example `"1.5.1"`.
    /// Read without initialising libgit2, so `gitspaces --version` loads no certificates.
    package static var version: String { libgit2Version }

    /// Initialises libgit2 now instead of at first use. It reads the system's CA bundle (milliseconds with
    /// mbedTLS): a command that will read repositories can have that done on another thread meanwhile.
    package static func initialise() {
        _ = libgit2Runtime
    }

    /// Makes HTTPS trust the certificate authorities in the PEM bundle `file` (for example a test's
    /// self-signed loopback CA). TLS verification stays on.
    ///
    /// libgit2 built with mbedTLS (Debian's) trusts only `file` afterwards, replacing the system bundle;
    /// one built with OpenSSL adds `file` to the system's. To keep both, pass a bundle that concatenates them.
    /// The setting is process-wide and must be made before any fetch starts: libgit2 swaps the set in place.
    /// A missing file is `.notFound`; one libgit2 cannot load is `.certificate` (and on mbedTLS leaves no
    /// authority trusted until a good file is set).
    package static func setCertificateAuthorities(file: String) throws(GitError) {
        // SSL_CERT_FILE first: applied later, at the first fetch from a remote, it would replace this file.
        _ = environmentTrust
        let call = "git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS)"
        guard FileManager.default.isReadableFile(atPath: file) else {
            throw GitError(code: .notFound, message: "certificate authority file '\(file)' cannot be read", call: call)
        }
        do {
            try git("git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS)") {
                gitspaces_git_set_ssl_cert_locations(file, nil)
            }
        } catch {
            throw GitError(
                code: .certificate,
                message: "cannot load certificate authorities from '\(file)': \(error.message)", call: call)
        }
    }
}

/// What initialising libgit2 established; reading `libgit2Runtime` is what initialises it.
struct LibGit2Runtime: Sendable {
    let version: String
}

/// The loaded library's version: `git_libgit2_version` reports it without `git_libgit2_init`.
let libgit2Version: String = {
    var major: Int32 = 0
    var minor: Int32 = 0
    var revision: Int32 = 0
    guard git_libgit2_version(&major, &minor, &revision) == 0 else {
        fatalError("GitKit: git_libgit2_version failed")
    }
    return "\(major).\(minor).\(revision)"
}()

/// Initialised on first use by Swift's thread-safe global initialisation, exactly once per process.
let libgit2Runtime: LibGit2Runtime = {
    let initialised = git_libgit2_init()
    guard initialised > 0 else {
        fatalError("GitKit: git_libgit2_init failed with \(initialised)")
    }
    var major: Int32 = 0
    var minor: Int32 = 0
    var revision: Int32 = 0
    guard git_libgit2_version(&major, &minor, &revision) == 0 else {
        fatalError("GitKit: git_libgit2_version failed")
    }
    guard major > 1 || (major == 1 && minor >= 5) else {
        fatalError("GitKit needs libgit2 1.5 or newer, but the process loaded libgit2 \(major).\(minor).\(revision)")
    }
    // Workspaces belong to their container's user (uid 1000, say), and the daemon that checks them for
    // work runs as root: git's safe.directory check would make every such workspace unreadable, and an
    // unreadable workspace can be neither judged clean nor switched. GitKit opens exact paths (no discovery
    // through parent folders, which is what that check guards against), so ownership is not checked.
    _ = gitspaces_git_set_owner_validation(0)
    return LibGit2Runtime(version: "\(major).\(minor).\(revision)")
}()

/// SSL_CERT_FILE (OpenSSL's and git's convention) named as the HTTPS trust store: a private forge's CA. With
/// mbedTLS it replaces the system bundle, so it should hold the public CAs too when they are needed.
///
/// Applied once, before the first fetch from a remote that is not a local path (see `fetchMirror`), not when
/// libgit2 starts: parsing a PEM bundle costs milliseconds, and most runs fetch only from local mirrors.
/// Swift's global initialisation makes every other fetch wait until it is applied.
let environmentTrust: Void = {
    _ = libgit2Runtime
    guard let bundle = ProcessInfo.processInfo.environment["SSL_CERT_FILE"], !bundle.isEmpty else { return }
    if gitspaces_git_set_ssl_cert_locations(bundle, nil) != 0 {
        FileHandle.standardError.write(
            Data(
                "warning: SSL_CERT_FILE '\(bundle)' cannot be loaded as a PEM bundle: HTTPS fetches will fail\n"
                    .utf8))
    }
}()
