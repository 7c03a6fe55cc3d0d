import Foundation

extension StateLayout {
    /// The state directory when none is given: `/var/lib/gitspaces` for root, else `$XDG_STATE_HOME/gitspaces`
    /// (`~/.local/state/gitspaces` without it). The CLI's `--state-dir` default and the commands the dashboard
    /// shows both come from here.
    package static func defaultRoot(
        uid: UInt32 = getuid(), environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        if uid == 0 { return "/var/lib/gitspaces" }
        let base =
            environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSTemporaryDirectory()) + "/.local/state"
        return base + "/gitspaces"
    }
}
