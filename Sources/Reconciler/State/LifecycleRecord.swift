package import Foundation

/// The lifecycle marker of one container: what its hooks run, which are still to run, and when a failed
/// one may be tried again. A hook leaves `pending` only after it succeeded, so a failure is retried on a
/// later pass. A marker for another container id is stale and ignored.
package struct LifecycleRecord: Sendable, Hashable, Codable {
    package var containerID: String
    /// Who runs the hooks: `remoteUser`, else `containerUser`; nil is the container's user.
    package var user: String?
    /// Where they run: the `workspaceFolder`.
    package var workingDir: String
    /// `remoteEnv` as `KEY=VALUE`.
    package var env: [String]
    /// The commands of each hook, image metadata first (fixed when the container is created).
    package var hooks: [String: [HookCommand]]
    /// Hooks still to run, in the order they run.
    package var pending: [String]
    /// Hooks that succeeded on this container (postStartCommand once per start Gitspaces makes).
    package var done: [String]
    /// Failed attempts of the first pending hook since it last succeeded.
    package var attempts: Int
    /// No new attempt before this time.
    package var retryAfter: Date?
    /// The last failure, with the end of its output.
    package var lastError: String?
    /// The container's `StartedAt` when postStartCommand last succeeded (see `startTime(_:)`): another start time
    /// means the engine started the container by itself (its restart policy, a daemon restart) and
    /// postStartCommand is due again.
    package var startedAt: String?

    package init(
        containerID: String, user: String?, workingDir: String, env: [String], hooks: [String: [HookCommand]],
        pending: [String], done: [String] = [], attempts: Int = 0, retryAfter: Date? = nil, lastError: String? = nil,
        startedAt: String? = nil
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
        self.startedAt = startedAt
    }

    static let postStart = "postStartCommand"

    /// A start time as the marker keeps it: ISO 8601 UTC with milliseconds (the marker's dates are to the second,
    /// too coarse to tell two starts apart).
    package static func startTime(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// Whether postStartCommand ran for a known start of the container: only then can a new start be told apart.
    package var watchesStarts: Bool {
        hooks[Self.postStart] != nil && startedAt != nil && done.contains(Self.postStart)
            && !pending.contains(Self.postStart)
    }

    /// The marker once the container is seen started at `startedAt`: postStartCommand pending again when that is
    /// not the start it ran for; unchanged otherwise.
    package func seen(startedAt: Date?) -> LifecycleRecord {
        guard watchesStarts, let startedAt, Self.startTime(startedAt) != self.startedAt else { return self }
        var record = self
        record.done.removeAll { $0 == Self.postStart }
        record.pending.append(Self.postStart)
        return record
    }

    /// The delay before attempt `attempts + 1`: 1 s, doubling, at most 5 minutes.
    package static func backoff(afterAttempts attempts: Int) -> TimeInterval {
        guard attempts > 0 else { return 0 }
        return min(300, pow(2, Double(min(attempts - 1, 16))))
    }

    /// What a plan shows for the hooks still to run: `postCreateCommand pending`, or
    /// `postCreateCommand failed 2 times, retry after 2026-11-29T12:00:05Z`.
    package var summary: String? {
        guard let first = pending.first else { return nil }
        let names = pending.joined(separator: ", ")
        guard attempts > 0 else { return "\(names) pending" }
        let times = attempts == 1 ? "once" : "\(attempts) times"
        let retry = retryAfter.map { ", retry after \(GitspaceLog.timestamp($0))" } ?? ""
        return "\(first) failed \(times)\(retry)"
            + (pending.count > 1 ? "; then \(pending.dropFirst().joined(separator: ", "))" : "")
    }
}
