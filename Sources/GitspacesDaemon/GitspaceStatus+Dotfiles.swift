package import Foundation
import GitspacesCore
package import Reconciler

extension GitspaceStatus {
    /// The dotfiles of a Gitspace in `GET /status`: what is asked for and how the last install went. A failed install
    /// leaves the Gitspace `Running`: it shows here, and in `gitspaces logs`.
    package struct Dotfiles: Sendable, Hashable, Codable {
        /// The repository, credentials masked.
        package var repo: String
        package var branch: String?
        /// `installed`, `failed`, or `pending` (to install at the next start, or once the hooks before it ran).
        package var state: String
        /// The commit last installed (or tried).
        package var commit: String?
        /// What ran, or why it failed.
        package var message: String?
        /// When the last install ended.
        package var at: Date?

        /// The status of a container's dotfiles record; nil when it asks for none.
        package init?(_ record: DotfilesRecord?) {
            guard let record, let wanted = record.wanted else { return nil }
            repo = wanted.repo
            branch = wanted.branch
            commit = record.last?.commit
            at = record.last?.at
            message = record.last?.message
            if record.due {
                state = "pending"
            } else if let last = record.last, last.dotfiles == wanted {
                state = last.state.rawValue
                if last.state == .failed { message = (message ?? "") + " (tried again at the next start)" }
            } else {
                state = "pending"
                message = "the dotfiles changed: installed at the next start"
            }
        }

        /// What the status table says when nothing else is wrong: a failed install.
        package var problem: String? { state == "failed" ? "dotfiles failed: " + (message ?? "") : nil }
    }
}
