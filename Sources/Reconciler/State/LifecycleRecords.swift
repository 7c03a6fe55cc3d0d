import Foundation

/// The lifecycle markers of one instance: `<state>/instances/<instance>/lifecycle/<name>.json`.
package struct LifecycleRecords: Sendable {
    private let files: RecordDirectory<LifecycleRecord>

    package var directory: String { files.directory }

    package init(layout: StateLayout) {
        files = RecordDirectory(directory: layout.lifecycle)
    }

    package init(stateDirectory: String, instance: String) {
        self.init(layout: StateLayout(stateDirectory: stateDirectory, instance: instance))
    }

    package func read(_ name: String) -> LifecycleRecord? { files.read(name) }

    package func write(_ record: LifecycleRecord, for name: String) throws { try files.write(record, for: name) }

    /// Every marker, read with one directory listing.
    package func readAll() -> [String: LifecycleRecord] { files.readAll() }

    package func remove(_ name: String) { files.remove(name) }

    package func path(_ name: String) -> String { files.path(name) }
}
