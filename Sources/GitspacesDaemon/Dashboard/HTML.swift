/// A fragment of HTML that is safe to send: every value in it went through `HTML.escape(_:)`.
///
/// Markup is only made from tag and attribute names written in the source (`StaticString`) and from values
/// that are escaped on the way in, so no manifest label, owner or error message can open an element or leave
/// an attribute. The one way to insert text is `HTML.text(_:)`.
struct HTML: Sendable, Hashable {
    private(set) var markup: String

    private init(markup: String) { self.markup = markup }

    /// Nothing.
    static let empty = HTML(markup: "")

    /// `value` as text, escaped.
    static func text(_ value: String) -> HTML { HTML(markup: escape(value)) }

    /// An element with `attributes` (in order; a nil value leaves the attribute out) around `children`.
    init(_ tag: StaticString, _ attributes: KeyValuePairs<StaticString, String?> = [:], _ children: [HTML] = []) {
        var markup = "<\(tag)"
        for (name, value) in attributes {
            guard let value else { continue }
            markup += " \(name)=\"\(Self.escape(value))\""
        }
        markup += ">"
        for child in children { markup += child.markup }
        markup += "</\(tag)>"
        self.markup = markup
    }

    /// An element with one text child.
    init(_ tag: StaticString, _ attributes: KeyValuePairs<StaticString, String?> = [:], text: String) {
        self.init(tag, attributes, [.text(text)])
    }

    /// A void element (`<meta>`, `<link>`, `<input>`): attributes, no children, no end tag.
    static func void(_ tag: StaticString, _ attributes: KeyValuePairs<StaticString, String?>) -> HTML {
        var markup = "<\(tag)"
        for (name, value) in attributes {
            guard let value else { continue }
            markup += " \(name)=\"\(escape(value))\""
        }
        return HTML(markup: markup + ">")
    }

    /// Fragments one after the other.
    static func join(_ parts: [HTML]) -> HTML { HTML(markup: parts.map(\.markup).joined()) }

    /// A whole document: the doctype, then `root`.
    static func document(_ root: HTML) -> String { "<!DOCTYPE html>\n" + root.markup + "\n" }

    /// The one escaping function: `&`, `<`, `>`, `"` and `'` as character references, and NUL (which HTML drops
    /// or replaces) as U+FFFD. Safe in text and in double-quoted attribute values.
    static func escape(_ value: String) -> String {
        guard value.utf8.contains(where: { Self.special.contains($0) }) else { return value }
        var result = ""
        result.reserveCapacity(value.utf8.count + 16)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\u{0}": result += "\u{FFFD}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static let special: Set<UInt8> = [
        UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"), 0,
    ]
}
