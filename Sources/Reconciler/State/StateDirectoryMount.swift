package import DockerEngine
import Foundation
import Shared

/// Whether the engine sees the state directory at the path gitspaces uses for it. Workspaces are bind-mounted into
/// Gitspaces by their path under the state directory, and the engine resolves a bind mount's source on its own
/// host: when gitspaces itself runs in a container (the image), the state directory must be a host folder mounted
/// at the same path (`-v /var/lib/gitspaces:/var/lib/gitspaces`), or every Gitspace would get an empty folder the
/// engine made up instead of its workspace.
package enum StateDirectoryMount {
    /// The state directory is not visible to the engine at the same path.
    package struct Mismatch: Error, Sendable, CustomStringConvertible {
        package var stateDirectory: String
        package var message: String

        package var description: String { message }
    }

    /// Checks, when this process runs in a container of the engine `runtime` talks to, that the state directory is
    /// a bind mount of the same host path. Outside a container, or in one the engine does not know (another
    /// engine's), there is nothing to check.
    package static func verify(
        stateDirectory: String, runtime: any ContainerRuntime, mountinfo: String = "/proc/self/mountinfo"
    ) async throws(Mismatch) {
        // Read to the end: String(contentsOfFile:) stops after the first page of a /proc file.
        let table = await BlockingWork.run {
            (try? FileHandle(forReadingFrom: URL(fileURLWithPath: mountinfo)).readToEnd())
                .map { String(decoding: $0, as: UTF8.self) }
        }
        guard let id = table.flatMap(containerID(mountinfo:)),
            let details = try? await runtime.container(id)
        else { return }
        if let message = problem(stateDirectory: stateDirectory, mounts: details.mounts) {
            throw Mismatch(stateDirectory: stateDirectory, message: message)
        }
    }

    /// The id of the engine container this process runs in, read from its mount table: the engine bind-mounts
    /// `/etc/hostname`, `/etc/hosts` and `/etc/resolv.conf` from `<engine root>/containers/<id>/`. Only mounts at
    /// those very paths count: a host can show another container's file mounted elsewhere in its table (a container
    /// being set up), and that is not where this process runs.
    package static func containerID(mountinfo: String) -> String? {
        for line in mountinfo.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count > 4 else { continue }
            let components = fields[3].split(separator: "/")
            guard components.count >= 3, let file = components.last,
                ["hostname", "hosts", "resolv.conf"].contains(file),
                fields[4] == "/etc/" + file
            else { continue }
            let id = components[components.count - 2]
            if components[components.count - 3] == "containers", id.count == 64,
                id.allSatisfy({ $0.isHexDigit && !$0.isUppercase })
            {
                return String(id)
            }
        }
        return nil
    }

    /// What is wrong with how the container's `mounts` carry the state directory, or nil when the engine sees it at
    /// the same path (a bind mount whose host path is the path inside).
    package static func problem(stateDirectory: String, mounts: [ContainerDetails.MountPoint]) -> String? {
        let fix = "start the container with -v \(stateDirectory):\(stateDirectory) (the same path on both sides)"
        func covers(_ mount: ContainerDetails.MountPoint) -> Bool {
            mount.destination == stateDirectory || mount.destination == "/"
                || stateDirectory.hasPrefix(mount.destination + "/")
        }
        guard let mount = mounts.filter(covers).max(by: { $0.destination.count < $1.destination.count }) else {
            return "the state directory \(stateDirectory) is in this container's own filesystem, which the engine "
                + "cannot bind-mount workspaces from: \(fix)"
        }
        guard mount.type == "bind" else {
            let what = mount.name.isEmpty ? "a \(mount.type) mount" : "the volume \(mount.name)"
            return "the state directory \(stateDirectory) is on \(what), which the engine does not see at "
                + "\(stateDirectory), so it cannot bind-mount workspaces from it: \(fix)"
        }
        let rest = mount.destination == "/" ? stateDirectory : String(stateDirectory.dropFirst(mount.destination.count))
        let hostPath = (mount.source == "/" ? "" : mount.source) + rest
        guard hostPath == stateDirectory else {
            return "the state directory \(stateDirectory) is the host's \(hostPath), but the engine resolves "
                + "workspace mounts by their path on the host, where \(stateDirectory) is another folder: "
                + "mount it at the same path, -v \(hostPath):\(hostPath) --state-dir \(hostPath)"
        }
        return nil
    }
}
