import GitspacesCore
import Reconciler

extension EngineSession {
    /// The disk notice for `backend`: on a swarm, disk sizes are only declared (a workspace is a plain volume on
    /// its node), whatever this host could enforce; on one engine, `printDiskNotice(_:enforcement:)`.
    static func printDiskNotice(_ desired: DesiredState, enforcement: DiskEnforcement, backend: Backend) {
        guard backend == .swarm else { return printDiskNotice(desired, enforcement: enforcement) }
        let limited = desired.gitspaces.filter { $0.hardware.disk != nil }.count
        guard limited > 0 else { return }
        printWarning(
            "hardware.disk is not enforced on --backend swarm (a workspace is a plain volume on its node): "
                + "\(limited) Gitspace\(limited == 1 ? "" : "s") declare a disk size that their workspaces may exceed")
    }
}
