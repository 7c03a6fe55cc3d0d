import Foundation
import GitKit
import Testing

@testable import GitspacesCLI

/// The fetch progress line `apply` draws on a terminal.
@Suite struct FetchProgressLineTests {
    @Test func showsPercentObjectsSizeAndRate() {
        let progress = FetchProgress(
            receivedObjects: 1234, totalObjects: 2700, indexedObjects: 1000, receivedBytes: 12_900_000)
        let line = FetchProgressLine.render(url: "git://h/r.git", progress, elapsed: .seconds(2))
        #expect(line == "fetching git://h/r.git: 45% (1,234/2,700 objects), 12.3 MiB at 6.2 MiB/s")
    }

    @Test func beforeTheTotalIsKnownAndTooEarlyForARate() {
        let progress = FetchProgress(receivedObjects: 7, totalObjects: 0, indexedObjects: 0, receivedBytes: 900)
        #expect(
            FetchProgressLine.render(url: "u", progress, elapsed: .milliseconds(100)) == "fetching u: 7 objects, 900 B")
    }

    @Test func redrawsInPlaceAndEndsTheLineWhenDone() {
        let written = Written()
        let line = FetchProgressLine(write: { written.append($0) })
        line.update(url: "u", FetchProgress(receivedObjects: 1, totalObjects: 2, indexedObjects: 0, receivedBytes: 10))
        line.update(url: "u", FetchProgress(receivedObjects: 2, totalObjects: 2, indexedObjects: 2, receivedBytes: 20))
        // libgit2 reports the end more than once: one line.
        line.update(url: "u", FetchProgress(receivedObjects: 2, totalObjects: 2, indexedObjects: 2, receivedBytes: 20))
        line.finish()
        let text = written.text
        #expect(text.hasPrefix("\r\u{1B}[Kfetching u: 50% (1/2 objects), 10 B"))
        #expect(text.hasSuffix("\r\u{1B}[Kfetching u: 100% (2/2 objects), 20 B\n"))
        #expect(text.filter { $0 == "\n" }.count == 1)
    }
}

private final class Written: @unchecked Sendable {
    private var parts: [String] = []
    private let lock = NSLock()

    func append(_ part: String) {
        lock.lock()
        parts.append(part)
        lock.unlock()
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return parts.joined()
    }
}
