public import Foundation

/// The lifecycle marker of one container: what its hooks run, which are still to run, and when a failed
/// one may be tried again. A hook leaves `pending` only after it succeeded, so a failure is retried on a
/// later pass. A marker for another container id is stale and ignored.
public struct LifecycleRecord: Sendable, Hashable, Codable {
    public var containerID: String
    /// Who runs the hooks: `remoteUser`, else `containerUser`; nil is the container's user.
    public var user: String?
    /// Where they run: the `workspaceFolder`.
    public var workingDir: String
    /// `remoteEnv` as `KEY=VALUE`.
    public var env: [String]
    /// The commands of each hook, image metadata first (fixed when the container is created).
    public var hooks: [String: [HookCommand]]
    /// Hooks still to run, in the order they run.
    public var pending: [String]
    /// Hooks that succeeded on this container (postStartCommand once per start Gitspaces makes).
    public var done: [String]
    /// Failed attempts of the first pending hook since it last succeeded.
    public var attempts: Int
    /// No new attempt before this time.
    public var retryAfter: Date?
    /// The last failure, with the end of its output.
    public var lastError: String?

    public init(
        containerID: String, user: String?, workingDir: String, env: [String], hooks: [String: [HookCommand]],
        pending: [String], done: [String] = [], attempts: Int = 0, retryAfter: Date? = nil, lastError: String? = nil
    ) {
        self.containerID = containerID
        self.user = user
        self.workingDir = workingDir
        self.env = env
        self.hooks = hooks
        self.pending = pending
        self.done = done
        self.attempts = attempts
        self.retryAfter = retryAfter
        self.lastError = lastError
    }

    /// The delay before attempt `attempts + 1`: 1 s, doubling, at most 5 minutes.
    public static func backoff(afterAttempts attempts: Int) -> TimeInterval {
        guard attempts > 0 else { return 0 }
        return min(300, pow(2, Double(min(attempts - 1, 16))))
    }

    /// What a plan shows for the hooks still to run: `postCreateCommand pending`, or
    /// `postCreateCommand failed 2 times, retry after 2026-11-29T12:00:05Z`.
    public var summary: String? {
        guard let first = pending.first else { return nil }
        let names = pending.joined(separator: ", ")
        guard attempts > 0 else { return "\(names) pending" }
        let times = attempts == 1 ? "once" : "\(attempts) times"
        let retry = retryAfter.map { ", retry after \(GitspaceLog.timestamp($0))" } ?? ""
        return "\(first) failed \(times)\(retry)" + (pending.count > 1 ? "; then \(pending.dropFirst().joined(separator: ", "))" : "")
    }
}
