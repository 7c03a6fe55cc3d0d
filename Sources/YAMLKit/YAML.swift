internal import CLibYAML

/// Parses YAML streams with libyaml into `Node` trees.
package enum YAML {
    /// Composes every document of a stream.
    ///
    /// Aliases are expanded within a node budget (`YAMLLimits.maxNodes`), so an alias bomb fails
    /// fast instead of growing exponentially; duplicate keys are refused at the second key; merge
    /// keys (`<<: *base`) are resolved, explicit keys taking precedence.
    package static func parse(_ bytes: [UInt8], limits: YAMLLimits = .default) throws(YAMLError) -> [Document] {
        guard bytes.count <= limits.maxInputBytes else {
            throw YAMLError(
                .tooLarge, "input is \(bytes.count) bytes, more than the limit of \(limits.maxInputBytes)",
                at: Mark(line: 1, column: 1))
        }
        // YAML 1.2 allows a byte-order mark at the start of a stream. libyaml skips one only when it detects
        // the encoding itself; ours is set to UTF-8, so the mark is dropped here (it takes no column).
        let text = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes[3...] : bytes[...]
        guard !text.isEmpty else { return [] }
        do {
            return try text.withUnsafeBufferPointer { buffer in
                let events = EventReader(input: buffer)
                var composer = Composer(events: events, limits: limits)
                return try composer.composeStream()
            }
        } catch let error as YAMLError {
            throw error
        } catch {
            throw YAMLError(.syntax, "\(error)", at: nil)
        }
    }

    /// Composes every document of a stream given as text.
    package static func parse(_ text: String, limits: YAMLLimits = .default) throws(YAMLError) -> [Document] {
        try parse(Array(text.utf8), limits: limits)
    }
}

/// A libyaml event copied into Swift values.
enum Event {
    case streamStart
    case streamEnd
    case documentStart(Mark)
    case documentEnd
    case alias(anchor: String, mark: Mark)
    case scalar(Scalar, anchor: String?, tag: String?, mark: Mark)
    case sequenceStart(anchor: String?, tag: String?, mark: Mark)
    case sequenceEnd
    case mappingStart(anchor: String?, tag: String?, mark: Mark)
    case mappingEnd
}

/// Owns a libyaml parser reading from a buffer the caller keeps alive.
final class EventReader {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let event: UnsafeMutablePointer<yaml_event_t>
    private let input: UnsafeBufferPointer<UInt8>

    init(input: UnsafeBufferPointer<UInt8>) {
        self.input = input
        parser = .allocate(capacity: 1)
        event = .allocate(capacity: 1)
        yaml_parser_initialize(parser)
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        if let base = input.baseAddress { yaml_parser_set_input_string(parser, base, input.count) }
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
        event.deallocate()
    }

    func next() throws(YAMLError) -> Event {
        guard yaml_parser_parse(parser, event) == 1 else { throw parserError() }
        defer { yaml_event_delete(event) }
        let mark = Mark(line: Int(event.pointee.start_mark.line) + 1, column: Int(event.pointee.start_mark.column) + 1)
        let data = event.pointee.data
        switch event.pointee.type {
        case YAML_STREAM_START_EVENT: return .streamStart
        case YAML_STREAM_END_EVENT: return .streamEnd
        case YAML_DOCUMENT_START_EVENT: return .documentStart(mark)
        case YAML_DOCUMENT_END_EVENT: return .documentEnd
        case YAML_ALIAS_EVENT:
            return .alias(anchor: Self.string(data.alias.anchor) ?? "", mark: mark)
        case YAML_SCALAR_EVENT:
            let scalar = data.scalar
            let value = String(
                decoding: UnsafeBufferPointer(start: scalar.value, count: Int(scalar.length)), as: UTF8.self)
            let style: Scalar.Style
            switch scalar.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: style = .literal
            case YAML_FOLDED_SCALAR_STYLE: style = .folded
            default: style = .plain
            }
            return .scalar(
                Scalar(value, style: style), anchor: Self.string(scalar.anchor), tag: Self.string(scalar.tag),
                mark: mark)
        case YAML_SEQUENCE_START_EVENT:
            return .sequenceStart(
                anchor: Self.string(data.sequence_start.anchor), tag: Self.string(data.sequence_start.tag),
                mark: mark)
        case YAML_SEQUENCE_END_EVENT: return .sequenceEnd
        case YAML_MAPPING_START_EVENT:
            return .mappingStart(
                anchor: Self.string(data.mapping_start.anchor), tag: Self.string(data.mapping_start.tag), mark: mark)
        case YAML_MAPPING_END_EVENT: return .mappingEnd
        default:
            throw YAMLError(.syntax, "unexpected event from libyaml", at: mark)
        }
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: strlen(pointer)), as: UTF8.self)
    }

    private static func strlen(_ pointer: UnsafeMutablePointer<yaml_char_t>) -> Int {
        var count = 0
        while pointer[count] != 0 { count += 1 }
        return count
    }

    /// libyaml's problem and mark; reader errors (bad encoding) carry a byte offset instead.
    private func parserError() -> YAMLError {
        let state = parser.pointee
        var problem = state.problem.map { String(cString: $0) } ?? "unknown libyaml error"
        if state.error == YAML_READER_ERROR {
            if state.problem_value != -1 {
                problem +=
                    " (byte 0x\(String(UInt32(truncatingIfNeeded: state.problem_value), radix: 16, uppercase: true)))"
            }
            return YAMLError(.syntax, problem, at: mark(ofOffset: Int(state.problem_offset)))
        }
        if state.error == YAML_MEMORY_ERROR {
            return YAMLError(.tooLarge, "libyaml ran out of memory", at: nil)
        }
        if let context = state.context {
            let contextMark = Mark(
                line: Int(state.context_mark.line) + 1, column: Int(state.context_mark.column) + 1)
            problem += " (\(String(cString: context)) started at \(contextMark))"
        }
        let mark = Mark(line: Int(state.problem_mark.line) + 1, column: Int(state.problem_mark.column) + 1)
        return YAMLError(.syntax, problem, at: mark)
    }

    /// Line and column of a byte offset, counting UTF-8 lead bytes as characters.
    private func mark(ofOffset offset: Int) -> Mark {
        var line = 1
        var column = 1
        for byte in input.prefix(min(offset, input.count)) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return Mark(line: line, column: column)
    }
}
