import Shared

extension Plan {
    /// The plan for programs: UTF-8 JSON, keys sorted, two-space indentation (`pretty: false` for one line).
    /// No trailing newline.
    ///
    /// Schema, version 1 (fields are only added under the same version, never renamed or removed):
    /// ```
    /// {
    ///   "actions": [                        // sorted like Plan.actions
    ///     {
    ///       "action": "create" | "start" | "update" | "replace" | "stop" | "delete",
    ///       "changes": [{"field": "hardware.cpus", "new": "4" | null, "old": "2" | null}],
    ///       "data": "workspace kept" | "workspace removed if clean" | null,   // non-null for delete only
    ///       "hardware": {"cpus": "+2", "disk": "0", "gpus": "0", "memory": "+4Gi"},
    ///       "name": "alice-payments"
    ///     }
    ///   ],
    ///   "refused": null | "message",
    ///   "summary": {
    ///     "create": 1, "delete": 0, "replace": 0, "start": 0, "stop": 0, "update": 1,
    ///     "hardware": {"cpus": "+6", "disk": "+64Gi", "gpus": "0", "memory": "+12Gi"}
    ///   },
    ///   "version": 1
    /// }
    /// ```
    /// Hardware deltas are signed strings (`+6`, `-0.5`, `+12Gi`, `-512Mi`) and `"0"` when unchanged.
    /// Values are raw (JSON-escaped, not display-escaped); authorized keys appear abbreviated as in every format.
    package func renderJSON(pretty: Bool = true) -> String {
        var summaryMembers: [String: JSONTree] = ["hardware": Self.json(summary.hardware)]
        for kind in PlanAction.Kind.allCases { summaryMembers[kind.rawValue] = .int(summary[kind]) }
        let document: JSONTree = .object([
            "version": .int(1),
            "refused": .optional(refusal?.message),
            "summary": .object(summaryMembers),
            "actions": .array(
                actions.map { action in
                    .object([
                        "action": .string(action.kind.rawValue),
                        "name": .string(action.name),
                        "data": .optional(action.data?.rawValue),
                        "hardware": Self.json(action.hardware),
                        "changes": .array(
                            action.changes.map {
                                .object([
                                    "field": .string($0.field), "old": .optional($0.old), "new": .optional($0.new),
                                ])
                            }),
                    ])
                }),
        ])
        return document.rendered(pretty: pretty)
    }

    private static func json(_ delta: HardwareDelta) -> JSONTree {
        .object([
            "cpus": .string(delta.cpusText), "memory": .string(delta.memoryText), "disk": .string(delta.diskText),
            "gpus": .string(delta.gpusText),
        ])
    }
}
