/// Where a value came from: a file, a position in it and the property path.
package struct DevContainerSource: Sendable, Hashable, CustomStringConvertible {
    package var file: String
    package var mark: JSONMark?
    package var property: String

    package init(file: String, mark: JSONMark?, property: String) {
        self.file = file
        self.mark = mark
        self.property = property
    }

    /// `FILE:LINE:COLUMN` (or `FILE`).
    package var description: String {
        guard let mark else { return file }
        return "\(file):\(mark.line):\(mark.column)"
    }
}
