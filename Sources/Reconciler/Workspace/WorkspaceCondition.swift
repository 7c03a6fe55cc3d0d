import Foundation
import GitKit

/// What a workspace folder holds right now, as status shows it: the daemon reads it through here, so it needs
/// no git of its own.
package enum WorkspaceCondition: Sendable, Hashable {
    /// No clone at the path (never created, or deleted).
    case missing
    case clean
    /// Work that nothing may delete or reset: uncommitted, stashed or unpushed changes, as reasons.
    case dirty(reasons: [String])
    /// The clone exists but its state could not be read.
    case unknown(reason: String)

    /// Reads the workspace at `path` (blocking: libgit2).
    package static func read(at path: String) -> WorkspaceCondition {
        guard FileManager.default.fileExists(atPath: path + "/.git") else { return .missing }
        do {
            let status = try Workspace.status(at: path)
            return status.isDirty ? .dirty(reasons: status.reasons) : .clean
        } catch {
            return .unknown(reason: "its state cannot be read: \(error)")
        }
    }
}
