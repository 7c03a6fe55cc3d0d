public import GitspacesCore
import Foundation

/// What an in-place update changed on a container, kept on disk because an engine cannot change a
/// container's labels: cpus, memory, branch and a grown disk as last applied to the container with `containerID`.
/// A record for another container id is stale and ignored. Only updated containers have one: a new
/// container's labels say it all.
public struct AppliedRecord: Sendable, Hashable, Codable {
    public var containerID: String
    public var cpus: CPUs
    public var memory: ByteSize
    public var branch: String?
    /// The workspace's disk size once grown in place; nil when it is the one the container was created with.
    public var disk: ByteSize?

    public init(containerID: String, cpus: CPUs, memory: ByteSize, branch: String?, disk: ByteSize? = nil) {
        self.containerID = containerID
        self.cpus = cpus
        self.memory = memory
        self.branch = branch
        self.disk = disk
    }
}

/// The records of one instance under the state directory: `<state>/instances/<instance>/applied/<name>.json`.
public struct AppliedRecords: Sendable {
    /// Where the state of the instance lives.
    public let layout: StateLayout
    private let files: RecordDirectory<AppliedRecord>

    public var stateDirectory: String { layout.root }
    public var instance: String { layout.instance }
    public var directory: String { files.directory }

    public init(layout: StateLayout) {
        self.layout = layout
        files = RecordDirectory(directory: layout.records)
    }

    public init(stateDirectory: String, instance: String) {
        self.init(layout: StateLayout(stateDirectory: stateDirectory, instance: instance))
    }

    public func read(_ name: String) -> AppliedRecord? { files.read(name) }

    public func write(_ record: AppliedRecord, for name: String) throws { try files.write(record, for: name) }

    /// Every record, read with one directory listing (most Gitspaces have none).
    public func readAll() -> [String: AppliedRecord] { files.readAll() }

    public func remove(_ name: String) { files.remove(name) }
}
