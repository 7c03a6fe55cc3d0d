/// A devcontainer Feature whose files are on this host: extracted from a registry layer or a tarball into
/// the features cache, or read from the source repository at its commit.
package struct FetchedFeature: Sendable, Hashable {
    /// The folder holding `devcontainer-feature.json`, `install.sh` and the rest of the feature's files.
    package var folder: String
    /// The content digest (`sha256:…`): of the OCI manifest for a registry feature, of the archive for a
    /// tarball, of the folder's tree for a local feature.
    package var digest: String
    /// What the reference resolved to: `REGISTRY/NAMESPACE/ID@sha256:…`, the tarball URL, or the local path.
    package var resolved: String

    package init(folder: String, digest: String, resolved: String) {
        self.folder = folder
        self.digest = digest
        self.resolved = resolved
    }
}
