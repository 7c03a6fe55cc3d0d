/// The lifecycle properties, in the order the spec runs them.
package enum LifecycleHook: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Runs on the host before the container is created; Gitspaces never runs it and says so.
    case initializeCommand
    case onCreateCommand
    case updateContentCommand
    case postCreateCommand
    case postStartCommand
    case postAttachCommand

    package static func < (lhs: LifecycleHook, rhs: LifecycleHook) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
