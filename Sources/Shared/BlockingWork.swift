import NIOPosix

/// Runs blocking work (file I/O, libgit2, `waitpid`) on one process-wide pool of sixteen threads, so it never
/// holds a thread of Swift's cooperative pool. The pool starts on first use and lives as long as the process.
package enum BlockingWork {
    /// The number of threads: enough for an apply's parallel clones and disk work plus the daemon's status
    /// reads at once, bounded so a burst cannot spawn more.
    package static let threadCount = 16

    private static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: threadCount)
        pool.start()
        return pool
    }()

    /// The result of `work`, run on the pool; its error is rethrown to the caller.
    package static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.runIfActive(work)
    }

    /// The result of `work`, run on the pool.
    package static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        do {
            return try await pool.runIfActive(work)
        } catch {
            // The pool is never shut down, so it is always active; should that ever change, run in place.
            return work()
        }
    }
}
