import Foundation

/// A fresh directory under `/tmp` named `gitspaces-test-…`, for one test.
///
/// ```swift
/// let directory = try TemporaryDirectory()
/// defer { directory.remove() }
/// ```
package struct TemporaryDirectory: Sendable {
    /// The directory's absolute path.
    package let path: String

    /// Creates a new, empty, uniquely named directory.
    package init() throws {
        path = "/tmp/gitspaces-test-\(UUID().uuidString.lowercased())"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    }

    /// `path` + `/` + `relativePath`.
    package func appending(_ relativePath: String) -> String {
        "\(path)/\(relativePath)"
    }

    /// Deletes the directory and everything in it; a directory already gone is fine.
    ///
    /// Filesystems mounted inside it (workspaces with an enforced disk size) are unmounted first, deepest
    /// first, so that a test never leaves a mount or a loop device behind.
    package func remove() {
        // Not String(contentsOfFile:): it reads only the first page of a /proc file.
        let mountInfo = (try? run("cat", ["/proc/self/mountinfo"]).stdout) ?? ""
        let inside = mountInfo.split(separator: "\n").compactMap { line -> String? in
            let fields = line.split(separator: " ")
            guard fields.count > 4 else { return nil }
            let point = fields[4].replacingOccurrences(of: "\\040", with: " ")
            return point.hasPrefix(path + "/") ? point : nil
        }
        for point in inside.sorted(by: { $0.count > $1.count }) {
            _ = try? run("umount", ["-l", point])
        }
        try? FileManager.default.removeItem(atPath: path)
    }
}
