/// A JSONC text that could not be read: what is wrong and where (1-based line and column).
public struct JSONCError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: Sendable, Hashable {
        case syntax
        case invalidUTF8
        case tooDeep
        case tooLarge
    }

    public var code: Code
    public var message: String
    public var line: Int
    public var column: Int

    public init(_ code: Code, _ message: String, line: Int, column: Int) {
        self.code = code
        self.message = message
        self.line = line
        self.column = column
    }

    public var mark: JSONMark { JSONMark(line: line, column: column) }

    public var description: String { "\(line):\(column): \(message)" }
}
