import Foundation
import GitKit

#if canImport(Glibc)
    import Glibc
#endif

/// One status line per fetch on a terminal's standard error, like git's "Receiving objects":
/// `fetching URL: 45% (1,234/2,700 objects), 12.3 MiB at 4.5 MiB/s`, redrawn at most ten times a second
/// and ended with a newline when the fetch is done. Nothing is drawn when standard error is not a terminal.
final class FetchProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private var started: [String: ContinuousClock.Instant] = [:]
    private var finished: Set<String> = []
    private var lastDraw = ContinuousClock.Instant.now - .seconds(1)
    private var drawn = false
    private let write: @Sendable (String) -> Void

    init(write: @escaping @Sendable (String) -> Void = { writeOut($0, to: .standardError) }) {
        self.write = write
    }

    /// A line on standard error when it is a terminal (and TERM is not dumb); nil otherwise.
    static func forTerminal() -> FetchProgressLine? {
        guard isatty(STDERR_FILENO) == 1, ProcessInfo.processInfo.environment["TERM"] != "dumb" else { return nil }
        return FetchProgressLine()
    }

    /// `update` as a callback for `Reconciliation.prepare(fetchProgress:)`.
    var reporter: @Sendable (String, FetchProgress) -> Void {
        { [self] url, progress in update(url: url, progress) }
    }

    /// Called from libgit2's progress callback (any thread).
    func update(url: String, _ progress: FetchProgress) {
        lock.lock()
        defer { lock.unlock() }
        let now = ContinuousClock.now
        let start = started[url] ?? now
        started[url] = start
        let done = progress.totalObjects > 0 && progress.indexedObjects == progress.totalObjects
        guard !finished.contains(url), done || now - lastDraw >= .milliseconds(100) else { return }
        if done { finished.insert(url) }
        lastDraw = now
        write("\r\u{1B}[K" + Self.render(url: url, progress, elapsed: now - start) + (done ? "\n" : ""))
        drawn = !done
    }

    /// Ends a line left open (a fetch that failed midway).
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { write("\n") }
        drawn = false
    }

    static func render(url: String, _ progress: FetchProgress, elapsed: Duration) -> String {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        var text = "fetching \(url): "
        if progress.totalObjects > 0 {
            let percent = progress.receivedObjects * 100 / progress.totalObjects
            text += "\(percent)% (\(grouped(progress.receivedObjects))/\(grouped(progress.totalObjects)) objects)"
        } else {
            text += "\(grouped(progress.receivedObjects)) objects"
        }
        text += ", " + size(Double(progress.receivedBytes))
        if seconds >= 0.5 { text += " at " + size(Double(progress.receivedBytes) / seconds) + "/s" }
        return text
    }

    private static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return out
    }

    private static func size(_ bytes: Double) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = bytes
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(Int(value)) B" : String(format: "%.1f", value) + " " + units[unit]
    }
}
