import Foundation
import GitspacesCore
import Reconciler

/// The words of the daemon's events: their reasons (CamelCase) and messages.
enum EventWording {
    /// The reason of an applied action's event.
    static func reason(_ kind: PlanAction.Kind) -> String {
        switch kind {
        case .create: "Created"
        case .start: "Started"
        case .update: "Updated"
        case .replace: "Replaced"
        case .stop: "Stopped"
        case .delete: "Deleted"
        }
    }

    /// What an applied action did, and how long it took.
    static func message(_ outcome: ActionOutcome) -> String {
        let action = outcome.action
        var text: String
        switch action.kind {
        case .create:
            text = action.running ? "container created and started" : "container created (stopped, as declared)"
        case .start: text = "container started"
        case .stop: text = "container stopped"
        case .delete: text = "container removed"
        case .update, .replace:
            let fields = action.changes.map(\.field)
            let what = fields.isEmpty ? "" : " (" + Array(Set(fields)).sorted().joined(separator: ", ") + ")"
            text = (action.kind == .update ? "updated in place" : "container recreated, workspace kept") + what
        }
        if let note = outcome.note { text += "; " + note }
        return text + String(format: " in %.1f s", outcome.seconds)
    }

    /// An image build an action started: the container it replaces, if any, keeps running meanwhile.
    static func building(_ image: String) -> String {
        "building \(image) before the container is created or replaced; a running container keeps running"
    }

    /// The reason of a failed action's event: Blocked when a guard holds it, else Failed.
    static func failureReason(blocked: Bool) -> String { blocked ? "Blocked" : "Failed" }

    static func failed(_ kind: PlanAction.Kind, error: String, retryIn delay: Duration) -> String {
        "\(kind.rawValue) failed: \(error) (retrying in \(format(delay)))"
    }

    /// Drift found, and what the daemon does about it.
    static func drifted(_ drift: String, selfHeal: Bool) -> String {
        drift + (selfHeal ? "; correcting it" : "; self-heal is off, only reporting it")
    }

    static func cloneSetAside(_ what: String) -> String {
        "the workspace's clone was interrupted (a crash?): \(what)"
    }

    static func interruptedDeleteFinished(_ disposal: WorkspaceDisposal) -> String {
        "finished an interrupted delete: \(disposal)"
    }

    static func interruptedDeleteFailed(_ error: any Error) -> String {
        "finishing an interrupted delete failed: \(error)"
    }

    /// `45 s`, `5 min`.
    static func format(_ duration: Duration) -> String {
        let seconds = duration.inSeconds
        return seconds >= 60 ? String(format: "%.0f min", seconds / 60) : String(format: "%.0f s", seconds)
    }
}
