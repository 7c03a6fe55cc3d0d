package import Shared

/// A lifecycle command in one of the spec's three forms.
package enum LifecycleCommand: Sendable, Hashable {
    /// A string: run by `/bin/sh -c`.
    case shell(String)
    /// An array: run directly, without a shell.
    case exec([String])
    /// An object: each named command runs in parallel; the step succeeds when all do.
    /// A named command is never itself `.parallel` (the reader refuses nested objects).
    case parallel([NamedCommand])

    /// The value as devcontainer.json writes it.
    package var canonical: JSONTree {
        switch self {
        case .shell(let text): .string(text)
        case .exec(let arguments): .strings(arguments)
        case .parallel(let commands):
            .object(Dictionary(commands.map { ($0.name, $0.command.canonical) }, uniquingKeysWith: { $1 }))
        }
    }

    func mapStrings(_ transform: (String, String) -> String, path: String) -> LifecycleCommand {
        switch self {
        case .shell(let text): .shell(transform(text, path))
        case .exec(let arguments):
            .exec(arguments.enumerated().map { transform($0.element, JSONPath.element($0.offset, of: path)) })
        case .parallel(let commands):
            .parallel(
                commands.map {
                    NamedCommand(
                        name: $0.name,
                        command: $0.command.mapStrings(transform, path: JSONPath.member($0.name, of: path)))
                })
        }
    }
}
