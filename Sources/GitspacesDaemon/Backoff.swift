/// Per-Gitspace retry delays after failed actions: `initial`, doubling up to `maximum`. A Gitspace in backoff
/// has its actions skipped until its time comes; the others go on. Values in, values out: the caller
/// passes the clock's `now`.
package struct Backoff: Sendable {
    package struct Entry: Sendable, Hashable {
        /// Consecutive failures.
        package var failures: Int
        /// When the next attempt may run.
        package var retryAt: ContinuousClock.Instant
        package var delay: Duration
    }

    package let initial: Duration
    package let maximum: Duration
    package private(set) var entries: [String: Entry] = [:]

    package init(initial: Duration = .seconds(1), maximum: Duration = .seconds(300)) {
        self.initial = initial
        self.maximum = maximum
    }

    /// Records a failure of `name` and returns the delay before its next attempt.
    @discardableResult
    package mutating func failed(_ name: String, now: ContinuousClock.Instant) -> Duration {
        let failures = (entries[name]?.failures ?? 0) + 1
        var delay = initial
        for _ in 1..<failures {
            delay = delay * 2
            if delay >= maximum { break }
        }
        delay = min(delay, maximum)
        entries[name] = Entry(failures: failures, retryAt: now + delay, delay: delay)
        return delay
    }

    package mutating func succeeded(_ name: String) {
        entries[name] = nil
    }

    /// Whether `name` must wait; nil when it may run now.
    package func waiting(_ name: String, now: ContinuousClock.Instant) -> Entry? {
        guard let entry = entries[name], entry.retryAt > now else { return nil }
        return entry
    }

    /// The earliest retry still to come, so the loop can wake for it.
    package func nextRetry(after now: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        entries.values.map(\.retryAt).filter { $0 > now }.min()
    }

    /// Forgets Gitspaces no longer declared.
    package mutating func keep(only names: Set<String>) {
        entries = entries.filter { names.contains($0.key) }
    }
}
