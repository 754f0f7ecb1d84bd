import Foundation

/// A task executor that never makes a job wait for a thread: an idle thread takes it, or a new
/// one starts. Test servers and the tests that talk to them run on it, and so does the test of
/// PostgreSQL's watch on imports (an async loop that must not wait for a blocked thread).
///
/// Why: Swift's default executor has as many threads as the machine has cores (two here). In a
/// full run, synchronous tests (the real-catalogue round trips) and tests blocked in a raw
/// socket `recv` hold those threads, and a test server's handlers then wait for a thread: two
/// raw-socket tests each waited for an answer their own server could not compute until `recv`
/// timed out (CI, 2026-12-03), and HummingbirdTesting's live client hit its 20 s read timeout.
/// Threads that block here block only themselves. The product's server runs in its own process
/// and does not need this.
public final class ElasticTaskExecutor: TaskExecutor, @unchecked Sendable {
    public static let shared = ElasticTaskExecutor()

    /// Guards `jobs` and `idle`; threads wait on it for work.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var idle = 0

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        if idle > jobs.count - 1 {
            condition.signal()
            condition.unlock()
            return
        }
        condition.unlock()
        let thread = Thread { [self] in work() }
        thread.name = "test-server-executor"
        thread.start()
    }

    /// Runs jobs until none has come for a minute, then ends the thread.
    private func work() {
        condition.lock()
        while true {
            if jobs.isEmpty {
                idle += 1
                let signalled = condition.wait(until: Date(timeIntervalSinceNow: 60))
                idle -= 1
                if !signalled && jobs.isEmpty { break }
                continue
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
            condition.lock()
        }
        condition.unlock()
    }
}
