import Synchronization

/// Wakes the catalogue follower early: its wait ends at the next ``signal()`` (a notified
/// import) or at its timeout (the next poll), whichever comes first. A signal while nobody
/// waits is kept for the next wait, so a notification that arrives while the follower is
/// reloading is not lost.
final class FollowerWakeup: Sendable {
    private struct State {
        var pending = false
        var waiter: (id: UInt64, continuation: CheckedContinuation<Void, Never>)?
        var lastID: UInt64 = 0
        /// A wait whose timer fired before it started waiting (a very slow scheduler).
        var expired: UInt64 = 0
        /// Whether the store's watch on imports is in place (polling can then be slow).
        var watching = false
    }

    private let state = Mutex(State())

    func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.pending = true
                return nil
            }
            state.waiter = nil
            return waiter.continuation
        }
        waiter?.resume()
    }

    var watching: Bool {
        get { state.withLock { $0.watching } }
        set { state.withLock { $0.watching = newValue } }
    }

    /// Returns at the next signal (or at once if one is pending), after `timeout`, or when the
    /// task is cancelled.
    func wait(timeout: Duration) async {
        let id = state.withLock { state in
            state.lastID += 1
            return state.lastID
        }
        let timer = Task { [self] in
            guard (try? await Task.sleep(for: timeout)) != nil else { return }
            end(id)
        }
        defer { timer.cancel() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let now = state.withLock { state -> Bool in
                    if state.pending || state.expired == id || Task.isCancelled {
                        state.pending = false
                        return true
                    }
                    state.waiter = (id, continuation)
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            end(id)
        }
    }

    /// Ends wait `id` if it is still the one waiting (a timer or a cancellation of an earlier
    /// wait must not end a later one).
    private func end(_ id: UInt64) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter, waiter.id == id else {
                state.expired = id
                return nil
            }
            state.waiter = nil
            return waiter.continuation
        }
        waiter?.resume()
    }
}
