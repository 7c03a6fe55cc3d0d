/// What applying a desired state to the observed Gitspaces would do: ordered actions, a summary, and
/// whether a guard refused it. Made by `plan(desired:observed:options:)`.
package struct Plan: Sendable, Hashable {
    /// Sorted by kind (create, start, update, replace, stop, delete), then by name.
    package let actions: [PlanAction]
    /// Set when a guard refused the plan; the actions are still listed so people can see why.
    package let refusal: PlanRefusal?
    package let summary: PlanSummary

    package init(actions: [PlanAction], refusal: PlanRefusal? = nil) {
        self.actions = actions.sorted { ($0.kind, $0.name) < ($1.kind, $1.name) }
        self.refusal = refusal
        self.summary = PlanSummary(self.actions)
    }

    package var hasChanges: Bool { !actions.isEmpty }
    package var isRefused: Bool { refusal != nil }
}

/// Why a plan must not be applied as it stands.
package struct PlanRefusal: Sendable, Hashable, CustomStringConvertible {
    package enum Reason: Sendable, Hashable {
        /// The configuration declares no Gitspaces while some exist.
        case emptyDesired(existing: Int)
        /// More deletions than the policy allows in one commit.
        case tooManyDeletions(count: Int, maxDeletions: Int)
    }

    package var reason: Reason

    package init(_ reason: Reason) { self.reason = reason }

    /// What is wrong and what to do, for people.
    package var message: String {
        switch reason {
        case .emptyDesired(let existing):
            let those = existing == 1 ? "the 1 existing Gitspace" : "all \(existing) existing Gitspaces"
            return "the configuration declares no Gitspaces, so this plan deletes \(those) "
                + "(a wrong path or branch?); pass --allow-mass-delete to apply it"
        case .tooManyDeletions(let count, let maxDeletions):
            return "this plan deletes \(count) Gitspaces, more than the policy's maxDeletions of \(maxDeletions); "
                + "pass --allow-mass-delete to apply it"
        }
    }

    package var description: String { message }
}

/// Counts per action kind and the change in reserved hardware (see `HardwareDelta`).
package struct PlanSummary: Sendable, Hashable {
    package var create = 0
    package var start = 0
    package var update = 0
    package var replace = 0
    package var stop = 0
    package var delete = 0
    package var hardware = HardwareDelta.zero

    package init(_ actions: [PlanAction]) {
        for action in actions {
            self[action.kind] += 1
            hardware += action.hardware
        }
    }

    package subscript(kind: PlanAction.Kind) -> Int {
        get {
            switch kind {
            case .create: create
            case .start: start
            case .update: update
            case .replace: replace
            case .stop: stop
            case .delete: delete
            }
        }
        set {
            switch kind {
            case .create: create = newValue
            case .start: start = newValue
            case .update: update = newValue
            case .replace: replace = newValue
            case .stop: stop = newValue
            case .delete: delete = newValue
            }
        }
    }

    /// `Plan: 2 to create, 0 to start, 1 to update, 1 to replace, 0 to stop, 1 to delete.`
    package var line: String {
        "Plan: " + PlanAction.Kind.allCases.map { "\(self[$0]) to \($0.rawValue)" }.joined(separator: ", ") + "."
    }
}
