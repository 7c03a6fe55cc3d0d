import Shared

/// The gitspaces release number and the source commit the binary was built from.
///
/// The number lives in `Release` (module Shared), which every module reads. The commit is stamped by
/// `make release`/`make install`/`make deb`: they write `BuildStamp.generated.swift` (gitignored) and build with
/// `-DGITSPACES_STAMPED`; a plain `swift build` neither needs nor reads that file and reports the commit as `unknown`.
enum GitspacesVersion {
    /// The release number, for example `"0.1.0"`.
    static var number: String { Release.number }

    /// The source commit (`git describe --always --dirty`), or `unknown` when the build was not stamped.
    static var commit: String {
        #if GITSPACES_STAMPED
            return gitspacesStampedCommit
        #else
            return "unknown"
        #endif
    }
}
