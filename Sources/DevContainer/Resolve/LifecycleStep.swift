import Shared

/// One command of a lifecycle hook and where it came from (`devcontainer.json`, a feature id or
/// `image metadata[N]`).
public struct LifecycleStep: Sendable, Hashable {
    public var origin: String
    public var command: LifecycleCommand

    public init(origin: String, command: LifecycleCommand) {
        self.origin = origin
        self.command = command
    }

    var canonical: JSONTree { .object(["origin": .string(origin), "command": command.canonical]) }
}
