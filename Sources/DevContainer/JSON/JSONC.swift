/// Reads JSON with comments (`//`, `/* */`) and trailing commas, as devcontainer.json is written.
///
/// Every value and key keeps its 1-based line and column. A repeated key replaces the earlier value
/// (the last one wins, as in VS Code) and is reported in ``JSONCDocument/duplicateKeys``. Input is
/// bounded by ``JSONCLimits``; hostile input ends in a ``JSONCError``, never a crash.
package enum JSONC {
    package static func parse(_ text: String, limits: JSONCLimits = .default) throws(JSONCError) -> JSONCDocument {
        try parse(bytes: Array(text.utf8), limits: limits)
    }

    package static func parse(bytes: [UInt8], limits: JSONCLimits = .default) throws(JSONCError) -> JSONCDocument {
        guard bytes.count <= limits.maxInputBytes else {
            throw JSONCError(
                .tooLarge, "the text is \(bytes.count) bytes, more than the limit of \(limits.maxInputBytes)", line: 1,
                column: 1)
        }
        if let offset = UTF8Validation.firstInvalidOffset(in: bytes) {
            let mark = JSONCParser.mark(atOffset: offset, in: bytes)
            let byte = String(bytes[offset], radix: 16, uppercase: true)
            throw JSONCError(
                .invalidUTF8, "invalid UTF-8 (byte 0x\(byte.count == 1 ? "0" + byte : byte))", line: mark.line,
                column: mark.column)
        }
        var parser = JSONCParser(bytes: bytes, limits: limits)
        return try parser.parseDocument()
    }
}
