import Shared

/// One command of a lifecycle hook and where it came from (`devcontainer.json`, a feature id or
/// `image metadata[N]`).
package struct LifecycleStep: Sendable, Hashable {
    package var origin: String
    package var command: LifecycleCommand

    package init(origin: String, command: LifecycleCommand) {
        self.origin = origin
        self.command = command
    }

    var canonical: JSONTree { .object(["origin": .string(origin), "command": command.canonical]) }
}
