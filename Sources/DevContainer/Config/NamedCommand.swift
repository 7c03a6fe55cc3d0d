/// One entry of the parallel (object) form.
package struct NamedCommand: Sendable, Hashable {
    package var name: String
    package var command: LifecycleCommand

    package init(name: String, command: LifecycleCommand) {
        self.name = name
        self.command = command
    }
}
