import Foundation

/// A value computed on a thread of its own while the caller does other work, read with
/// ``value`` (which waits for it).
///
/// Why a thread and not a task: the index is built by synchronous code (the CLI's one thread,
/// the server's import off the cooperative pool), which must not block a pool thread waiting.
final class ConcurrentValue<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var result: Value?

    init(_ work: @escaping @Sendable () -> Value) {
        let thread = Thread { [self] in
            let value = work()
            condition.lock()
            result = value
            condition.broadcast()
            condition.unlock()
        }
        // The main thread's stack size, so deep work behaves as it would there.
        thread.stackSize = 8 << 20
        thread.name = "supportmatch-index"
        thread.start()
    }

    /// The value, once computed.
    var value: Value {
        condition.lock()
        defer { condition.unlock() }
        while result == nil { condition.wait() }
        return result!
    }
}
