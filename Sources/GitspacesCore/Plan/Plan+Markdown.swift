extension Plan {
    /// The plan as a pull-request comment. No trailing newline.
    ///
    /// The summary comes first (the `Plan:` line in bold, then the change in reserved hardware), then a
    /// refusal as a caution block, then one section per Gitspace: a heading with the marker, the action and
    /// the name, and a list of changes (`field`: old → new). With more than `foldAfter` actions the sections
    /// are folded into `<details>`. Every user-controlled string (names, field paths with env and label
    /// keys, values) is put in a code span that it cannot end, with control characters made visible, so
    /// nothing in a value is read as Markdown, HTML, a link or a mention. Without actions: `No changes.`
    package func renderMarkdown(foldAfter: Int = 10) -> String {
        guard hasChanges else { return "No changes." }
        var blocks: [String] = ["**\(summary.line)**"]
        if !summary.hardware.isZero {
            blocks.append("Reserved hardware: \(DisplayEscaping.markdownText(summary.hardware.description)).")
        }
        if let refusal {
            blocks.append("> [!CAUTION]\n> **Refused:** \(DisplayEscaping.markdownText(refusal.message)).")
        }
        var sections: [String] = []
        for action in actions {
            var section = "#### \(action.kind.marker) \(action.kind.rawValue) \(DisplayEscaping.codeSpan(action.name))"
            var items: [String] = []
            if let data = action.data { items.append("- \(data.rawValue)") }
            for change in action.changes {
                let field = DisplayEscaping.codeSpan(change.field)
                let new = change.new.map(DisplayEscaping.codeSpan) ?? "*unset*"
                if action.kind == .create {
                    items.append("- \(field): \(new)")
                } else {
                    let old = change.old.map(DisplayEscaping.codeSpan) ?? "*unset*"
                    items.append("- \(field): \(old) → \(new)")
                }
            }
            if !items.isEmpty { section += "\n\n" + items.joined(separator: "\n") }
            sections.append(section)
        }
        if actions.count > foldAfter {
            let count = actions.count
            blocks.append("<details><summary>\(count) actions</summary>")
            blocks += sections
            blocks.append("</details>")
        } else {
            blocks += sections
        }
        return blocks.joined(separator: "\n\n")
    }
}
