import Foundation
package import Testing

/// A wait that `eventually` gave up on.
package struct WaitTimeout: Error, CustomStringConvertible {
    package var what: String
    package var description: String { "timed out waiting for \(what)" }

    package init(what: String) { self.what = what }
}

/// Polls `condition` every `interval` until it holds, failing the test when `seconds` pass first. A condition that
/// throws has not held yet (an engine busy under a loaded suite answers with errors too); the last error is in the
/// failure. One more look follows the deadline: a task that a loaded machine woke late still sees a late answer.
package func eventually(
    _ what: String, seconds: Double = 240, interval: Duration = .milliseconds(100),
    sourceLocation: SourceLocation = #_sourceLocation, _ condition: () async throws -> Bool
) async throws {
    var lastError: (any Error)?
    let held = try await poll(seconds: seconds, interval: interval) { () async -> Bool? in
        do {
            return try await condition() ? true : nil
        } catch {
            lastError = error
            return nil
        }
    }
    if held != nil { return }
    let error = lastError.map { "; the last look failed: \($0)" } ?? ""
    Issue.record("timed out waiting for \(what)\(error)", sourceLocation: sourceLocation)
    throw WaitTimeout(what: what)
}

/// Looks every `interval` until `look` returns a value, and once more after `seconds` (a task a loaded machine woke
/// late still sees a late answer); nil when no look returned one. The loop under `eventually` and the daemon tests'
/// status waits.
package func poll<Value>(seconds: Double, interval: Duration, _ look: () async -> Value?) async throws -> Value? {
    let deadline = Date().addingTimeInterval(seconds)
    var lastLook = false
    while !lastLook {
        lastLook = Date() >= deadline
        if let value = await look() { return value }
        if !lastLook { try await Task.sleep(for: interval) }
    }
    return nil
}
