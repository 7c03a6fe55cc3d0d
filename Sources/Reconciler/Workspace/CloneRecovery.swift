import Foundation
import GitKit
import GitspacesCore

/// Recovers workspaces whose clone was interrupted. A crash (kill -9) during a workspace's clone leaves a
/// repository whose HEAD has no commit, which no later fetch repairs. Such a workspace is moved to the
/// retained folder (never deleted: it is checked, not assumed, to hold nothing) so that a create clones it
/// afresh.
package struct CloneRecovery: Sendable {
    package let store: WorkspaceStore

    package init(store: WorkspaceStore) {
        self.store = store
    }

    /// Sets aside the interrupted clones among the workspaces of `names`: what became of each one set
    /// aside, by name; workspaces that are absent or hold a commit are not listed. Blocking.
    package func setAsideInterruptedClones(_ names: [String]) -> [String: Result<WorkspaceDisposal, any Error>] {
        var setAside: [String: Result<WorkspaceDisposal, any Error>] = [:]
        for name in names {
            let path = store.path(for: name)
            guard FileManager.default.fileExists(atPath: path + "/.git"),
                let repository = try? Repository.open(at: path),
                (try? repository.resolveCommit("HEAD")) == nil
            else { continue }
            setAside[name] = Result { try store.dispose(name: name, policy: .retain) }
        }
        return setAside
    }
}
