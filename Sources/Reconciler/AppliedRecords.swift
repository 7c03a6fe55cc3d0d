public import GitspacesCore
import Foundation

/// What an in-place update changed on a container, kept on disk because an engine cannot change a
/// container's labels: cpus, memory and branch as last applied to the container with `containerID`.
/// A record for another container id is stale and ignored. Only updated containers have one: a new
/// container's labels say it all.
public struct AppliedRecord: Sendable, Hashable, Codable {
    public var containerID: String
    public var cpus: CPUs
    public var memory: ByteSize
    public var branch: String?

    public init(containerID: String, cpus: CPUs, memory: ByteSize, branch: String?) {
        self.containerID = containerID
        self.cpus = cpus
        self.memory = memory
        self.branch = branch
    }
}

/// The records of one instance under the state directory: `<state>/instances/<instance>/applied/<name>.json`.
public struct AppliedRecords: Sendable {
    public let directory: String
    public let stateDirectory: String
    public let instance: String

    public init(stateDirectory: String, instance: String) {
        self.stateDirectory = stateDirectory
        self.instance = instance
        directory = "\(stateDirectory)/instances/\(instance)/applied"
    }

    public func read(_ name: String) -> AppliedRecord? {
        guard let data = FileManager.default.contents(atPath: path(name)) else { return nil }
        return try? JSONDecoder().decode(AppliedRecord.self, from: data)
    }

    public func write(_ record: AppliedRecord, for name: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(record).write(to: URL(fileURLWithPath: path(name)), options: .atomic)
    }

    /// Every record, read with one directory listing (most Gitspaces have none).
    public func readAll() -> [String: AppliedRecord] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [:] }
        var records: [String: AppliedRecord] = [:]
        for file in names where file.hasSuffix(".json") {
            let name = String(file.dropLast(".json".count))
            if let record = read(name) { records[name] = record }
        }
        return records
    }

    public func remove(_ name: String) {
        try? FileManager.default.removeItem(atPath: path(name))
    }

    private func path(_ name: String) -> String { "\(directory)/\(name).json" }
}
