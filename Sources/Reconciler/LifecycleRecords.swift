import Foundation

/// The lifecycle markers of one instance: `<state>/instances/<instance>/lifecycle/<name>.json`.
public struct LifecycleRecords: Sendable {
    public let directory: String

    public init(stateDirectory: String, instance: String) {
        directory = "\(stateDirectory)/instances/\(instance)/lifecycle"
    }

    public func read(_ name: String) -> LifecycleRecord? {
        guard let data = FileManager.default.contents(atPath: path(name)) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(LifecycleRecord.self, from: data)
    }

    public func write(_ record: LifecycleRecord, for name: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        encoder.dateEncodingStrategy = .iso8601
        try encoder.encode(record).write(to: URL(fileURLWithPath: path(name)), options: .atomic)
    }

    /// Every marker, read with one directory listing.
    public func readAll() -> [String: LifecycleRecord] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [:] }
        var records: [String: LifecycleRecord] = [:]
        for file in names where file.hasSuffix(".json") {
            let name = String(file.dropLast(".json".count))
            if let record = read(name) { records[name] = record }
        }
        return records
    }

    public func remove(_ name: String) {
        try? FileManager.default.removeItem(atPath: path(name))
    }

    public func path(_ name: String) -> String { "\(directory)/\(name).json" }
}
