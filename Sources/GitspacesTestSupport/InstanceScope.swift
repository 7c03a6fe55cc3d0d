import Foundation

/// A test's own folder and engine instance (`<prefix>-<id>`, the label its Gitspaces' containers carry), for tests
/// that run the `gitspaces` binary: `remove()` removes the instance's containers, then the folder.
package struct InstanceScope: Sendable {
    package let folder: TemporaryDirectory
    /// Eight hex digits, unique to this scope: for names of Gitspaces and the instance.
    package let id: String
    package let instance: String

    package init(_ prefix: String) throws {
        folder = try TemporaryDirectory()
        id = String(UUID().uuidString.lowercased().prefix(8))
        instance = "\(prefix)-\(id)"
    }

    /// Removes every container labelled with this instance.
    package func removeContainers() {
        _ = try? run(
            "sh",
            ["-c", "docker rm -f $(docker ps -aq --filter label=dev.gitspaces.instance=\(instance)) 2>/dev/null"],
            check: false)
    }

    /// Removes the instance's containers and the folder.
    package func remove() {
        removeContainers()
        folder.remove()
    }
}
