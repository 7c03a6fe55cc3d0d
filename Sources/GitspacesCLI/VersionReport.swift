import DockerEngine
import GitKit
import Reconciler
import Shared
import YAMLKit

/// What `gitspaces version` and `gitspaces --version` print: this build and the libraries it runs with.
struct VersionReport: Equatable {
    var version: String
    var commit: String
    /// Asked of the loaded library at run time, not taken from the headers it was built with.
    var libgit2: String
    var libyaml: String
    /// The newest Docker Engine API the client asks for, and the oldest it accepts.
    var engineAPI: String
    var minimumEngineAPI: String
    /// The state directory format this build reads and writes (`StateFormat.current`).
    var stateFormat: Int

    /// This process's report.
    static var current: VersionReport {
        VersionReport(
            version: GitspacesVersion.number, commit: GitspacesVersion.commit, libgit2: Git.version,
            libyaml: YAMLLibrary.version, engineAPI: DockerClient.maximumAPIVersion.description,
            minimumEngineAPI: DockerClient.minimumAPIVersion.description, stateFormat: StateFormat.current)
    }

    /// Aligned `name: value` lines, as `docker version` prints them.
    var text: String {
        """
        gitspaces:   \(version)
        commit:      \(commit)
        libgit2:     \(libgit2)
        libyaml:     \(libyaml)
        engine API:  \(engineAPI) (minimum \(minimumEngineAPI))
        state format: \(stateFormat)
        """
    }

    var json: JSONTree {
        .object([
            "version": .string(version), "commit": .string(commit), "libgit2": .string(libgit2),
            "libyaml": .string(libyaml), "engineAPIVersion": .string(engineAPI),
            "minimumEngineAPIVersion": .string(minimumEngineAPI), "stateFormat": .string(String(stateFormat)),
        ])
    }
}
