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
    let deadline = Date().addingTimeInterval(seconds)
    var lastError: (any Error)?
    var lastLook = false
    while !lastLook {
        lastLook = Date() >= deadline
        do {
            if try await condition() { return }
        } catch {
            lastError = error
        }
        if !lastLook { try await Task.sleep(for: interval) }
    }
    let error = lastError.map { "; the last look failed: \($0)" } ?? ""
    Issue.record("timed out waiting for \(what)\(error)", sourceLocation: sourceLocation)
    throw WaitTimeout(what: what)
}
