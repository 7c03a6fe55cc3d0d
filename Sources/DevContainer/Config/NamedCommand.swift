/// One entry of the parallel (object) form.
public struct NamedCommand: Sendable, Hashable {
    public var name: String
    public var command: LifecycleCommand

    public init(name: String, command: LifecycleCommand) {
        self.name = name
        self.command = command
    }
}
