/// A JSONC text that could not be read: what is wrong and where (1-based line and column).
package struct JSONCError: Error, Sendable, Hashable, CustomStringConvertible {
    package enum Code: Sendable, Hashable {
        case syntax
        case invalidUTF8
        case tooDeep
        case tooLarge
    }

    package var code: Code
    package var message: String
    package var line: Int
    package var column: Int

    package init(_ code: Code, _ message: String, line: Int, column: Int) {
        self.code = code
        self.message = message
        self.line = line
        self.column = column
    }

    package var mark: JSONMark { JSONMark(line: line, column: column) }

    package var description: String { "\(line):\(column): \(message)" }
}
