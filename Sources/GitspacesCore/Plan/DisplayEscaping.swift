/// Makes user-controlled strings safe to show: in a terminal, in Markdown, in JSON.
enum DisplayEscaping {
    /// Control characters (C0, DEL, C1) and bidirectional overrides written as escapes (`\n`, `\u{1B}`),
    /// so a value can neither move the cursor, recolour a terminal, start a new line, nor reorder text.
    static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isHidden) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where isHidden(scalar): result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// Prose for Markdown: visible, with HTML's `<`, `>`, `&` as entities and Markdown's inline
    /// punctuation backslash-escaped.
    static func markdownText(_ text: String) -> String {
        var result = ""
        for character in visible(text) {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\\", "`", "*", "_", "[", "]", "|", "~", "#", "!":
                result += "\\"
                result.append(character)
            default: result.append(character)
            }
        }
        return result
    }

    /// A Markdown code span that shows `text` literally: its delimiter is longer than any run of
    /// backticks inside, padded when the text touches a backtick, and control characters are visible,
    /// so no value can end the span, start a new line, or be read as HTML, a link or a mention.
    static func codeSpan(_ text: String) -> String {
        let shown = visible(text)
        guard !shown.isEmpty else { return "*empty*" }
        var longest = 0
        var run = 0
        for scalar in shown.unicodeScalars {
            run = scalar == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let delimiter = String(repeating: "`", count: longest + 1)
        let pad =
            shown.first == "`" || shown.last == "`"
            || (shown.first == " " && shown.last == " " && shown.contains { $0 != " " })
        return delimiter + (pad ? " \(shown) " : shown) + delimiter
    }
}
