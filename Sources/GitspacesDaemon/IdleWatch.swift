import Foundation
import GitspacesCore

/// The daemon's view of activity in running Gitspaces that have an idle timeout: when each was last active, and
/// its CPU time at the last look. Pure: the pass brings what it saw (a live session, the CPU time), the watch says
/// whether the Gitspace has been idle for its timeout. Losing it (a restart) only starts every clock again.
struct IdleWatch {
    /// A container busier than this share of one CPU between two looks is active.
    static let cpuThreshold = 0.05

    struct Entry {
        var containerID: String
        var lastActivity: Date
        /// The CPU time at the last look, and when it was taken.
        var cpu: (nanoseconds: UInt64, at: Date)?
    }

    var entries: [String: Entry] = [:]
    /// The config commit whose run intents were last written (`RunIntents.sync`): written again only for another.
    var intentsSynced: String?

    /// Folds one look at `name`'s running container into its entry; returns since when it has been idle when that
    /// is at least `timeout`, else nil. A container seen for the first time (new, started again, or after a restart
    /// of the daemon) starts with the full timeout. `sessionEnded` is when its last session ended: a session that
    /// ended after the previous look was activity until then.
    mutating func look(
        _ name: String, containerID: String, now: Date, session: Bool, sessionEnded: Date? = nil,
        cpuNanoseconds: UInt64?, timeout: IdleTimeout
    ) -> Date? {
        guard var entry = entries[name], entry.containerID == containerID else {
            entries[name] = Entry(
                containerID: containerID, lastActivity: now, cpu: cpuNanoseconds.map { ($0, now) })
            return nil
        }
        if session { entry.lastActivity = now }
        if let sessionEnded, sessionEnded > entry.lastActivity { entry.lastActivity = min(sessionEnded, now) }
        if let cpuNanoseconds {
            if let previous = entry.cpu, now > previous.at, cpuNanoseconds >= previous.nanoseconds {
                let used = Double(cpuNanoseconds - previous.nanoseconds) / 1e9
                if used / now.timeIntervalSince(previous.at) > Self.cpuThreshold { entry.lastActivity = now }
            }
            entry.cpu = (cpuNanoseconds, now)
        }
        entries[name] = entry
        guard !timeout.isNever, now.timeIntervalSince(entry.lastActivity) >= Double(timeout.seconds) else {
            return nil
        }
        return entry.lastActivity
    }

    /// Forgets the Gitspaces not in `names` (stopped, gone, or without a timeout now).
    mutating func keep(only names: Set<String>) {
        entries = entries.filter { names.contains($0.key) }
    }
}
