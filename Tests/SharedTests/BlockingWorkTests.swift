import Foundation
import Testing

@testable import Shared

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite struct BlockingWorkTests {
    struct Failure: Error, Equatable { let code: Int }

    /// The name of the thread running now (NIO names its pool's threads `TP-#N`), as Linux reports it.
    static func threadName() -> String {
        let data = FileManager.default.contents(atPath: "/proc/thread-self/comm") ?? Data()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func workRunsOnThePoolNotOnTheCallersThread() async {
        let name = await BlockingWork.run { Self.threadName() }
        #expect(name.hasPrefix("TP-#"), "ran on '\(name)'")
    }

    @Test func theResultAndTheErrorReachTheCaller() async throws {
        #expect(try await BlockingWork.run { () throws -> Int in 42 } == 42)
        await #expect(throws: Failure(code: 7)) {
            try await BlockingWork.run { () throws -> Int in throw Failure(code: 7) }
        }
    }

    @Test func asManyBlockingCallsAsThePoolHasThreadsRunAtOnce() async {
        // Each call blocks until all have started: on the cooperative pool (as wide as the machine's cores, two
        // here) they could not all start, and each would give up after its deadline.
        let started = LockedCounter()
        let all = BlockingWork.threadCount
        let met = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<all {
                group.addTask {
                    await BlockingWork.run {
                        started.increment()
                        let deadline = Date().addingTimeInterval(10)
                        while started.value < all, Date() < deadline { usleep(1000) }
                        return started.value >= all
                    }
                }
            }
            return await group.reduce(true) { $0 && $1 }
        }
        #expect(met)
    }

    @Test func manyConcurrentCallsAllComplete() async throws {
        let total = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<500 {
                group.addTask {
                    try await BlockingWork.run {
                        usleep(100)
                        return index
                    }
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(total == (0..<500).reduce(0, +))
    }
}

/// A counter several threads bump.
final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func increment() {
        lock.lock()
        count += 1
        lock.unlock()
    }

    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}
