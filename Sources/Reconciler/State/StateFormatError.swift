/// A state directory this release cannot use as it is: written by a newer release, a format file it cannot read,
/// or a migration that failed. Nothing was changed by the step that failed.
package struct StateFormatError: Error, Sendable, CustomStringConvertible {
    package enum Code: Sendable, Hashable {
        /// The directory has a newer format than this release reads (`gitspaces` exits 5).
        case newer
        /// The format file exists but is not a format.
        case unreadable
        /// A migration step failed; the directory is still at the step's starting format.
        case migrationFailed
        /// The format file cannot be written.
        case io
    }

    package var code: Code
    package var stateDirectory: String
    /// The format the directory holds, when it was read.
    package var found: StateFormat?
    package var message: String
    package var cause: (any Error)?

    package init(
        code: Code, stateDirectory: String, found: StateFormat?, message: String, cause: (any Error)? = nil
    ) {
        self.code = code
        self.stateDirectory = stateDirectory
        self.found = found
        self.message = message
        self.cause = cause
    }

    package var description: String { message }
}
