/// Where a value came from: a file, a position in it and the property path.
public struct DevContainerSource: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var mark: JSONMark?
    public var property: String

    public init(file: String, mark: JSONMark?, property: String) {
        self.file = file
        self.mark = mark
        self.property = property
    }

    /// `FILE:LINE:COLUMN` (or `FILE`).
    public var description: String {
        guard let mark else { return file }
        return "\(file):\(mark.line):\(mark.column)"
    }
}
