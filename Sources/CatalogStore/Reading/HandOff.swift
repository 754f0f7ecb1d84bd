import Foundation

/// A bounded, ordered hand-off of values from one producing thread to one consuming thread:
/// the shape both of the store's read-ahead threads share (``ReadAhead``'s chunks of prepared
/// records, `activeOffers(batchSize:_:)`'s batches of offers).
///
/// The producer ``put(_:)``s values, waiting while `limit` of them wait to be taken (so memory
/// stays `limit` values plus the one each side holds), and ends with ``finish(_:)``, with its
/// failure if it had one. The consumer ``take()``s them in order; after the last it gets `nil`,
/// or the producer's failure (so values handed out before a failure still come first). A
/// consumer that gives up calls ``stop()``: the producer's next ``put(_:)`` throws ``Stopped``.
final class HandOff<Value: Sendable>: @unchecked Sendable {
    /// Thrown by ``put(_:)`` once the consumer has stopped.
    struct Stopped: Error {}

    private let limit: Int
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var values: [Value?] = []
    private var head = 0
    private var finished = false
    private var failure: (any Error)?
    private var stopped = false

    init(limit: Int) {
        precondition(limit > 0)
        self.limit = limit
    }

    /// Hands `value` over, after waiting for room; throws ``Stopped`` once the consumer stopped.
    func put(_ value: Value) throws {
        condition.lock()
        defer { condition.unlock() }
        while values.count - head >= limit && !stopped { condition.wait() }
        if stopped { throw Stopped() }
        if head > 64 {
            values.removeFirst(head)
            head = 0
        }
        values.append(value)
        condition.broadcast()
    }

    /// The producer is done: with `failure`, its error, thrown by ``take()`` after the values.
    func finish(_ failure: (any Error)? = nil) {
        condition.lock()
        self.failure = failure
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next value, in order; `nil` after the last; the producer's failure once its values
    /// are taken.
    func take() throws -> Value? {
        condition.lock()
        defer { condition.unlock() }
        while head == values.count && !finished { condition.wait() }
        if head < values.count {
            let value = values[head].take()
            head += 1
            condition.broadcast()
            return value
        }
        if let failure { throw failure }
        return nil
    }

    /// The consumer wants no more values: a waiting or later ``put(_:)`` throws ``Stopped``.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until the producer has called ``finish(_:)``.
    func waitUntilFinished() {
        condition.lock()
        while !finished { condition.wait() }
        condition.unlock()
    }
}
