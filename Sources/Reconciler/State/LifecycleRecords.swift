import Foundation

/// The lifecycle markers of one instance: `<state>/instances/<instance>/lifecycle/<name>.json`.
public struct LifecycleRecords: Sendable {
    private let files: RecordDirectory<LifecycleRecord>

    public var directory: String { files.directory }

    public init(layout: StateLayout) {
        files = RecordDirectory(directory: layout.lifecycle)
    }

    public init(stateDirectory: String, instance: String) {
        self.init(layout: StateLayout(stateDirectory: stateDirectory, instance: instance))
    }

    public func read(_ name: String) -> LifecycleRecord? { files.read(name) }

    public func write(_ record: LifecycleRecord, for name: String) throws { try files.write(record, for: name) }

    /// Every marker, read with one directory listing.
    public func readAll() -> [String: LifecycleRecord] { files.readAll() }

    public func remove(_ name: String) { files.remove(name) }

    public func path(_ name: String) -> String { files.path(name) }
}
