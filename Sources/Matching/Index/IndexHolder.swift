import Synchronization

/// Holds the index a running service answers from and swaps in a new one atomically.
///
/// Readers take the current index (a value: they keep using it even if a swap happens
/// meanwhile); an import builds a complete new ``OfferIndex`` off to the side and then
/// ``replace(with:)``s it in one step. Nobody ever sees a half-built index.
@available(macOS 15.0, *)
public final class IndexHolder: Sendable {
    private let state: Mutex<State>

    private struct State: Sendable {
        var index: OfferIndex
        var generation: Int
    }

    public init(_ index: OfferIndex) {
        state = Mutex(State(index: index, generation: 1))
    }

    /// The index to answer the next request from.
    public var current: OfferIndex { state.withLock { $0.index } }

    /// Increases with every replacement, so callers can tell whether the index changed.
    public var generation: Int { state.withLock { $0.generation } }

    /// Installs a new index; returns its generation.
    @discardableResult
    public func replace(with index: OfferIndex) -> Int {
        state.withLock { state in
            state.index = index
            state.generation += 1
            return state.generation
        }
    }
}
