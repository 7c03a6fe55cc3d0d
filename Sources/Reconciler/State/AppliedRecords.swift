import Foundation
package import GitspacesCore

/// What an in-place update changed on a container, kept on disk because an engine cannot change a
/// container's labels: cpus, memory, branch and a grown disk as last applied to the container with `containerID`.
/// A record for another container id is stale and ignored. Only updated containers have one: a new
/// container's labels say it all.
package struct AppliedRecord: Sendable, Hashable, Codable {
    package var containerID: String
    package var cpus: CPUs
    package var memory: ByteSize
    package var branch: String?
    /// The workspace's disk size once grown in place; nil when it is the one the container was created with.
    package var disk: ByteSize?

    package init(containerID: String, cpus: CPUs, memory: ByteSize, branch: String?, disk: ByteSize? = nil) {
        self.containerID = containerID
        self.cpus = cpus
        self.memory = memory
        self.branch = branch
        self.disk = disk
    }
}

/// The records of one instance under the state directory: `<state>/instances/<instance>/applied/<name>.json`.
package struct AppliedRecords: Sendable {
    /// Where the state of the instance lives.
    package let layout: StateLayout
    private let files: RecordDirectory<AppliedRecord>

    package var stateDirectory: String { layout.root }
    package var instance: String { layout.instance }
    package var directory: String { files.directory }

    package init(layout: StateLayout) {
        self.layout = layout
        files = RecordDirectory(directory: layout.records)
    }

    package init(stateDirectory: String, instance: String) {
        self.init(layout: StateLayout(stateDirectory: stateDirectory, instance: instance))
    }

    package func read(_ name: String) -> AppliedRecord? { files.read(name) }

    package func write(_ record: AppliedRecord, for name: String) throws { try files.write(record, for: name) }

    /// Every record, read with one directory listing (most Gitspaces have none).
    package func readAll() -> [String: AppliedRecord] { files.readAll() }

    package func remove(_ name: String) { files.remove(name) }
}
