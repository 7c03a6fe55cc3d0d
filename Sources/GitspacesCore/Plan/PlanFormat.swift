/// The output formats of `gitspaces diff --format`.
package enum PlanFormat: String, Sendable, Hashable, CaseIterable {
    case text, markdown, json
}

extension Plan {
    /// The plan in `format`; `color` applies to text only. No trailing newline.
    package func rendered(as format: PlanFormat, color: Bool = false) -> String {
        switch format {
        case .text: renderText(color: color)
        case .markdown: renderMarkdown()
        case .json: renderJSON()
        }
    }
}

extension PlanAction.Kind {
    /// The marker shown before the action: `+` create, `>` start, `~` update, `-/+` replace,
    /// `.` stop (a full stop), `-` delete.
    package var marker: String {
        switch self {
        case .create: "+"
        case .start: ">"
        case .update: "~"
        case .replace: "-/+"
        case .stop: "."
        case .delete: "-"
        }
    }
}
