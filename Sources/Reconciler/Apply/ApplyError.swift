import DockerEngine
package import GitspacesCore
import Redaction

/// An action could not be applied: what kind of failure, which operation, and the error underneath.
package struct ApplyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is, for code that reacts to it (the daemon's `Blocked` state, for one).
    package enum Code: String, Sendable, Hashable {
        /// Applying would lose work or data (a dirty workspace, a smaller disk): it waits for the user.
        case blocked
        /// The Gitspace's source, devcontainer.json or features could not be read or resolved.
        case unresolved
        /// A container with the Gitspace's name exists and is not ours.
        case foreignContainer
        /// An engine volume with the name of one of the Gitspace's volumes exists and is not ours.
        case foreignVolume
        /// The container an in-place action needs is gone.
        case containerGone
        /// The engine refused or failed a call.
        case engine
        /// The image is not on the engine and could not be pulled.
        case image
        /// Building the devcontainer's image failed.
        case build
        /// Building the features image failed.
        case features
        /// A lifecycle hook failed or waits for its retry.
        case hook
        /// No free host port to publish on.
        case ports
        /// The workspace (clone, disk, ownership) could not be prepared or disposed of.
        case workspace
        /// No node of the runtime can take the Gitspace now (nothing fits): it is Pending, with the reason.
        case pending
        /// Anything else: the cause says what.
        case other
    }

    /// Which action of which Gitspace failed.
    package struct Operation: Sendable, Hashable {
        package var gitspace: String
        package var action: PlanAction.Kind?

        package init(gitspace: String, action: PlanAction.Kind? = nil) {
            self.gitspace = gitspace
            self.action = action
        }
    }

    package var code: Code
    /// What failed, for the user; any URL's credentials in it are masked.
    package var message: String
    /// The action it happened in, when known.
    package var operation: Operation?
    /// The error underneath, when there is one.
    package var cause: (any Error)?

    package init(_ code: Code, _ message: String, operation: Operation? = nil, cause: (any Error)? = nil) {
        self.code = code
        self.message = Redact.text(message)
        self.operation = operation
        self.cause = cause
    }

    /// Any error as an `ApplyError`: itself when it is one, otherwise wrapped with its description as the message.
    package static func wrapping(_ error: any Error, operation: Operation? = nil) -> ApplyError {
        if var error = error as? ApplyError {
            error.operation = error.operation ?? operation
            return error
        }
        return ApplyError(error is EngineError ? .engine : .other, describe(error), operation: operation, cause: error)
    }

    /// The text the CLI prints and the daemon reports.
    package var description: String { code == .blocked ? "blocked: " + message : message }

    /// The one way an error is put into words for the user: an engine error as its operation and message.
    package static func describe(_ error: any Error) -> String {
        if let error = error as? EngineError {
            return error.message.isEmpty ? "\(error)" : "\(error.operation): \(error.message)"
        }
        return "\(error)"
    }

    package static func == (lhs: ApplyError, rhs: ApplyError) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message && lhs.operation == rhs.operation
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(message)
        hasher.combine(operation)
    }
}
