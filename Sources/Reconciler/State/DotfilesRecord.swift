package import Foundation
package import GitspacesCore

/// The dotfiles of one container: what the manifests ask for (`wanted`, kept here because an in-place update cannot
/// relabel the container), whether an install is due, and how the last one went. A record for another container id
/// is stale and ignored.
package struct DotfilesRecord: Sendable, Hashable, Codable {
    /// How an install ended.
    package enum State: String, Sendable, Hashable, Codable {
        case installed, failed
    }

    /// The last install: what was asked, the commit installed, and how it went.
    package struct Outcome: Sendable, Hashable, Codable {
        /// The dotfiles as asked for, URL masked.
        package var dotfiles: Dotfiles
        /// The commit installed; nil when it could not be fetched.
        package var commit: String?
        package var state: State
        /// What ran (`install.sh`, `linked .bashrc .vimrc`), or why it failed with the end of its output.
        package var message: String
        package var at: Date

        package init(dotfiles: Dotfiles, commit: String?, state: State, message: String, at: Date) {
            self.dotfiles = dotfiles
            self.commit = commit
            self.state = state
            self.message = message
            self.at = at
        }
    }

    package var containerID: String
    /// What the manifests ask for, URL masked (the observed `dotfiles` of the Gitspace).
    package var wanted: Dotfiles?
    /// An install is to run once the hooks before it have run (a new container, or a start after a change or a
    /// failure).
    package var due: Bool
    package var last: Outcome?

    package init(containerID: String, wanted: Dotfiles?, due: Bool, last: Outcome? = nil) {
        self.containerID = containerID
        self.wanted = wanted
        self.due = due
        self.last = last
    }

    /// Whether a start should install again: the wanted dotfiles are not the ones last installed, or that install
    /// failed.
    package var changedSinceInstall: Bool {
        guard let wanted else { return false }
        guard let last else { return true }
        return last.state == .failed || last.dotfiles != wanted
    }
}

/// The dotfiles records of one instance: `<state>/instances/<instance>/dotfiles/<name>.json`.
package struct DotfilesRecords: Sendable {
    private let files: RecordDirectory<DotfilesRecord>

    package init(layout: StateLayout) {
        files = RecordDirectory(directory: layout.dotfiles)
    }

    package func read(_ name: String) -> DotfilesRecord? { files.read(name) }

    package func write(_ record: DotfilesRecord, for name: String) throws { try files.write(record, for: name) }

    /// Every record, read with one directory listing.
    package func readAll() -> [String: DotfilesRecord] { files.readAll() }

    package func remove(_ name: String) { files.remove(name) }
}
