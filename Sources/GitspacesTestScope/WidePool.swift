import Foundation

/// A pool of many threads that runs the jobs of the tasks that prefer it. Swift's global executor has as many
/// threads as the machine has cores (two here): a test blocked in a synchronous call (a child process, a file
/// poll) holds one of them, and two such tests leave every other test's sleeping task unable to wake, for as
/// long as they block. A test on this pool blocks one of its own threads instead.
package final class WidePool: TaskExecutor, @unchecked Sendable {
    /// The pool the test traits use.
    package static let shared = WidePool(threads: 48)

    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    init(threads: Int) {
        for index in 0..<threads {
            let thread = Thread { [unowned self] in self.work() }
            thread.name = "wide-pool-\(index)"
            thread.start()
        }
    }

    package func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
