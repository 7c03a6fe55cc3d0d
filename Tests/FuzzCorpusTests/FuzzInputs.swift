import Foundation
import FuzzTargets

/// The committed fuzz inputs under Tests/Fuzz.
enum FuzzInputs {
    static let root = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "Fuzz")

    /// The files of `kind` (`corpus` or `regressions`) for `target`, sorted; none when the folder does not exist.
    static func files(in kind: String, for target: FuzzTarget) throws -> [URL] {
        let folder = root.appending(path: kind).appending(path: target.rawValue)
        guard FileManager.default.fileExists(atPath: folder.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { !$0.lastPathComponent.hasPrefix(".") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    static func bytes(of file: URL) throws -> [UInt8] {
        Array(try Data(contentsOf: file))
    }
}
