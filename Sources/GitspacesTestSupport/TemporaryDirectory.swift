import Foundation

/// A fresh directory under `/tmp` named `gitspaces-test-…`, for one test.
///
/// ```swift
/// let directory = try TemporaryDirectory()
/// defer { directory.remove() }
/// ```
public struct TemporaryDirectory: Sendable {
    /// The directory's absolute path.
    public let path: String

    /// Creates a new, empty, uniquely named directory.
    public init() throws {
        path = "/tmp/gitspaces-test-\(UUID().uuidString.lowercased())"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    }

    /// `path` + `/` + `relativePath`.
    public func appending(_ relativePath: String) -> String {
        "\(path)/\(relativePath)"
    }

    /// Deletes the directory and everything in it; a directory already gone is fine.
    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
