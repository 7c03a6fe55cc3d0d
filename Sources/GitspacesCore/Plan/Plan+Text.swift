extension Plan {
    /// The plan for a terminal, Terraform-like. No trailing newline.
    ///
    /// ```
    ///   + create alice-payments
    ///       repo: https://git.example.com/acme/payments.git
    ///       hardware.cpus: 4
    ///   ~ update bob-api
    ///       hardware.cpus: 2 → 4
    /// -/+ replace carol-web
    ///       env.TZ: UTC → Europe/Berlin
    ///   - delete dave-old (workspace kept)
    ///
    /// Plan: 1 to create, 0 to start, 1 to update, 1 to replace, 0 to stop, 1 to delete.  Reserved hardware: +4 cpus.
    /// ```
    ///
    /// Markers: `+` create, `>` start, `~` update, `-/+` replace, `.` stop, `-` delete, right-aligned. A create
    /// lists the values it sets (`field: value`), other actions `field: old → new`, with `(unset)` for a
    /// missing side. The last line is the summary; the change in reserved hardware follows it after two
    /// spaces when there is one. A refusal is printed just above it. Without actions: `No changes.`
    /// User values are shown with control characters escaped. `color` adds ANSI colours (the CLI passes
    /// whether stdout is a terminal).
    package func renderText(color: Bool = false) -> String {
        guard hasChanges else { return paint("No changes.", Style.green, color) }
        var lines: [String] = []
        for action in actions {
            let marker = String(repeating: " ", count: max(0, 3 - action.kind.marker.count)) + action.kind.marker
            var head = paint("\(marker) \(action.kind.rawValue)", Style.of(action.kind), color) + " "
            head += paint(DisplayEscaping.visible(action.name), Style.bold, color)
            if let data = action.data { head += " (\(data.rawValue))" }
            lines.append(head)
            for change in action.changes {
                let field = DisplayEscaping.visible(change.field)
                let new = change.new.map(DisplayEscaping.visible) ?? "(unset)"
                if action.kind == .create {
                    lines.append("      \(field): \(new)")
                } else {
                    let old = change.old.map(DisplayEscaping.visible) ?? "(unset)"
                    lines.append("      \(field): \(old) → \(new)")
                }
            }
        }
        lines.append("")
        if let refusal {
            lines.append(paint("Refused: \(refusal.message).", Style.boldRed, color))
        }
        var last = summary.line
        if !summary.hardware.isZero { last += "  Reserved hardware: \(summary.hardware)." }
        lines.append(paint(last, Style.bold, color))
        return lines.joined(separator: "\n")
    }

    private enum Style {
        static let bold = "1"
        static let boldRed = "1;31"
        static let green = "32"

        static func of(_ kind: PlanAction.Kind) -> String {
            switch kind {
            case .create: "32"
            case .start: "36"
            case .update: "33"
            case .replace: "35"
            case .stop: "34"
            case .delete: "31"
            }
        }
    }

    private func paint(_ text: String, _ style: String, _ color: Bool) -> String {
        color ? "\u{1B}[\(style)m\(text)\u{1B}[0m" : text
    }
}
