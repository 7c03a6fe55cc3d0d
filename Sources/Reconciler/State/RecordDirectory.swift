import Foundation

/// One JSON file per Gitspace in a folder of the state directory: `<directory>/<name>.json`, written atomically,
/// with sorted keys and ISO 8601 dates. A file that cannot be read or decoded counts as no record.
struct RecordDirectory<Record: Codable & Sendable>: Sendable {
    let directory: String

    func read(_ name: String) -> Record? {
        guard let data = FileManager.default.contents(atPath: path(name)) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(Record.self, from: data)
    }

    func write(_ record: Record, for name: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        encoder.dateEncodingStrategy = .iso8601
        try encoder.encode(record).write(to: URL(fileURLWithPath: path(name)), options: .atomic)
    }

    /// Every record, read with one directory listing.
    func readAll() -> [String: Record] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [:] }
        var records: [String: Record] = [:]
        for file in names where file.hasSuffix(".json") {
            let name = String(file.dropLast(".json".count))
            if let record = read(name) { records[name] = record }
        }
        return records
    }

    func remove(_ name: String) {
        try? FileManager.default.removeItem(atPath: path(name))
    }

    func path(_ name: String) -> String { "\(directory)/\(name).json" }
}
