package import Foundation

/// Every path under the state directory, in one place: what lives where for the whole state and for one instance.
///
/// ```
/// <state>/format.json                      the layout's format version (StateFormat)
/// <state>/mirrors/                         bare mirrors of the Gitspaces' repositories
/// <state>/features/                        the features cache
/// <state>/retained/                        workspaces kept after a delete
/// <state>/state.lock, <state>/daemon.lock
/// <state>/instances/<instance>/workspaces/<name>
/// <state>/instances/<instance>/disks/<name>.ext4
/// <state>/instances/<instance>/applied/    in-place values applied (AppliedRecords)
/// <state>/instances/<instance>/lifecycle/  lifecycle markers (LifecycleRecords)
/// <state>/instances/<instance>/dotfiles/   dotfiles wanted and installed (DotfilesRecords)
/// <state>/instances/<instance>/logs/<name>.log
/// <state>/instances/<instance>/events/     the daemon's event logs
/// ```
package struct StateLayout: Sendable, Hashable {
    /// The state directory, absolute (bind mounts need absolute paths).
    package let root: String
    package let instance: String

    package init(stateDirectory: String, instance: String) {
        self.root = URL(fileURLWithPath: stateDirectory).standardizedFileURL.path
        self.instance = instance
    }

    /// The bare mirrors, shared by every instance.
    package var mirrors: String { Self.mirrors(stateDirectory: root) }
    /// The features cache, shared by every instance.
    package var featuresCache: String { Self.featuresCache(stateDirectory: root) }
    /// Workspaces kept after a delete (Retain, or dirty), shared by every instance.
    package var retained: String { root + "/retained" }
    /// The lock an apply or a daemon pass holds while it writes state.
    package var stateLock: String { Self.stateLock(stateDirectory: root) }
    /// The lock that keeps a second daemon off this state directory.
    package var daemonLock: String { root + "/daemon.lock" }
    /// The format version of everything under the root (`StateFormat`).
    package var formatFile: String { Self.formatFile(stateDirectory: root) }

    /// Everything that belongs to this instance.
    package var instanceDirectory: String { "\(root)/instances/\(instance)" }
    package var workspaces: String { instanceDirectory + "/workspaces" }
    package var disks: String { instanceDirectory + "/disks" }
    /// The in-place values applied to each container (`AppliedRecords`).
    package var records: String { instanceDirectory + "/applied" }
    /// The lifecycle markers (`LifecycleRecords`).
    package var lifecycle: String { instanceDirectory + "/lifecycle" }
    /// The dotfiles records (`DotfilesRecords`).
    package var dotfiles: String { instanceDirectory + "/dotfiles" }
    /// The hook and build logs (`GitspaceLog`).
    package var logs: String { instanceDirectory + "/logs" }
    /// The daemon's event logs.
    package var events: String { instanceDirectory + "/events" }

    /// The workspace of one Gitspace.
    package func workspace(_ name: String) -> String { workspaces + "/" + name }
    /// The filesystem image of a workspace whose disk size is enforced.
    package func diskImage(_ name: String) -> String { "\(disks)/\(name).ext4" }
    /// The hook and build log of one Gitspace.
    package func log(_ name: String) -> String { "\(logs)/\(name).log" }

    /// The state lock of a state directory, as given (the lock is taken before an instance is known).
    package static func stateLock(stateDirectory: String) -> String { stateDirectory + "/state.lock" }
    /// The format file of a state directory, as given (it is checked before anything else is opened).
    package static func formatFile(stateDirectory: String) -> String { stateDirectory + "/format.json" }
    /// The bare mirrors of a state directory, as given (config reads need no instance).
    package static func mirrors(stateDirectory: String) -> String { stateDirectory + "/mirrors" }
    /// The features cache of a state directory, as given (`gitspaces devcontainer` needs no instance).
    package static func featuresCache(stateDirectory: String) -> String { stateDirectory + "/features" }
}
