/// Shell-style patterns for `Policy.allowedRepos`: `*` matches within one path segment,
/// `**` across segments, `?` one character other than `/`.
package struct Glob: Sendable, Hashable {
    package let pattern: String
    private let tokens: [Token]

    private enum Token: Sendable, Hashable {
        case literal(UInt8)
        case any, anySegments, one
    }

    package init(_ pattern: String) {
        self.pattern = pattern
        var tokens: [Token] = []
        let bytes = Array(pattern.utf8)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "*") {
                if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "*") {
                    tokens.append(.anySegments)
                    index += 2
                    continue
                }
                tokens.append(.any)
            } else if bytes[index] == UInt8(ascii: "?") {
                tokens.append(.one)
            } else {
                tokens.append(.literal(bytes[index]))
            }
            index += 1
        }
        self.tokens = tokens
    }

    package func matches(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        // Memoised on (token, byte) so that patterns with many stars stay polynomial.
        var memo = [Bool?](repeating: nil, count: (tokens.count + 1) * (bytes.count + 1))
        func match(_ t: Int, _ b: Int) -> Bool {
            let key = t * (bytes.count + 1) + b
            if let known = memo[key] { return known }
            let result: Bool
            if t == tokens.count {
                result = b == bytes.count
            } else {
                switch tokens[t] {
                case .literal(let byte): result = b < bytes.count && bytes[b] == byte && match(t + 1, b + 1)
                case .one: result = b < bytes.count && bytes[b] != UInt8(ascii: "/") && match(t + 1, b + 1)
                case .any:
                    result = match(t + 1, b) || (b < bytes.count && bytes[b] != UInt8(ascii: "/") && match(t, b + 1))
                case .anySegments: result = match(t + 1, b) || (b < bytes.count && match(t, b + 1))
                }
            }
            memo[key] = result
            return result
        }
        return match(0, 0)
    }
}
