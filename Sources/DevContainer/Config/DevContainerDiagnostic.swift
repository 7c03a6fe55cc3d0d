/// One problem or notice about a devcontainer.json (or an image's metadata label), printed as
/// `FILE:LINE:COLUMN: error: MESSAGE` like the manifest diagnostics.
package struct DevContainerDiagnostic: Sendable, Hashable, Comparable, CustomStringConvertible {
    package enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    package var severity: Severity
    /// The file (repository-relative devcontainer.json path) or `image <name> label devcontainer.metadata`.
    package var file: String
    /// Where in `file`, when known.
    package var mark: JSONMark?
    /// The property concerned (`containerEnv.PATH`, `runArgs[2]`), when there is one.
    package var property: String?
    package var message: String

    package init(_ severity: Severity, file: String, mark: JSONMark?, property: String? = nil, _ message: String) {
        self.severity = severity
        self.file = file
        self.mark = mark
        self.property = property
        self.message = message
    }

    package init(_ severity: Severity, at source: DevContainerSource, _ message: String) {
        self.init(severity, file: source.file, mark: source.mark, property: source.property, message)
    }

    package var isError: Bool { severity == .error }

    /// `FILE:LINE:COLUMN`, or `FILE` alone when the position is unknown.
    package var location: String {
        guard let mark else { return file }
        return "\(file):\(mark.line):\(mark.column)"
    }

    package var description: String { "\(location): \(severity.rawValue): \(message)" }

    package static func < (lhs: DevContainerDiagnostic, rhs: DevContainerDiagnostic) -> Bool {
        let left = (lhs.file, lhs.mark?.line ?? 0, lhs.mark?.column ?? 0, lhs.severity.rawValue, lhs.message)
        let right = (rhs.file, rhs.mark?.line ?? 0, rhs.mark?.column ?? 0, rhs.severity.rawValue, rhs.message)
        return left < right
    }
}
